package com.sparkcontrol.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What runs inside a simulated container when it is exec'd into: {@code vllm serve} (a {@link VllmProcess}),
 * {@code cat}, {@code ls}, {@code test}, {@code pgrep}, {@code mkdir}, {@code rm}, {@code nvidia-smi} and a few
 * more over the container's files and processes, and {@code bash -c} wrapping them (with {@code &&} chains and
 * the {@code >> /proc/1/fd/1 2>&1} redirect into the container log). Anything else is "executable file not found".
 */
final class ContainerShell {

    private static final Pattern TO_CONTAINER_LOG = Pattern.compile("\\s*>>\\s*/proc/1/fd/1\\s+2>&1\\s*$");

    private final Invocation call;
    private final SimulatedSpark node;
    private final SimContainer container;
    private String cwd;

    ContainerShell(Invocation call, SimulatedSpark node, SimContainer container, String workdir) {
        this.call = call;
        this.node = node;
        this.container = container;
        this.cwd = workdir;
    }

    /** Runs {@code argv}; detached runs return 0 at once and their output goes nowhere, as with {@code exec -d}. */
    int exec(List<String> argv, boolean detached) throws InterruptedException {
        if (isShell(argv)) {
            String script = argv.get(2);
            boolean toLog = TO_CONTAINER_LOG.matcher(script).find();
            script = TO_CONTAINER_LOG.matcher(script).replaceFirst("");
            Consumer<String> out = toLog ? container.log()::append : detached ? line -> { } : call::outLine;
            return runScript(script, argv.get(2), out, detached);
        }
        Consumer<String> out = detached ? line -> { } : call::outLine;
        return runSimple(argv, null, out, detached);
    }

    private static boolean isShell(List<String> argv) {
        return argv.size() >= 3 && List.of("bash", "sh", "/bin/bash", "/bin/sh").contains(argv.get(0))
                && argv.get(1).equals("-c");
    }

    /** A {@code bash -c} script: {@code &&}-chained simple commands. */
    private int runScript(String script, String wrapper, Consumer<String> out, boolean detached)
            throws InterruptedException {
        int code = 0;
        for (String part : script.split("&&")) {
            List<String> words = ShellWords.split(part.strip());
            if (words.isEmpty()) {
                continue;
            }
            code = runSimple(words, wrapper, out, detached);
            if (code != 0) {
                return code;
            }
        }
        return code;
    }

    private int runSimple(List<String> argv, String wrapper, Consumer<String> out, boolean detached)
            throws InterruptedException {
        String program = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        switch (program) {
            case "vllm":
                return vllm(args, wrapper, out, detached);
            case "cat":
                return cat(args, out);
            case "ls":
                return ls(args, out);
            case "test", "[":
                return test(args) ? 0 : 1;
            case "pgrep":
                return pgrep(args, out);
            case "mkdir":
                args.stream().filter(a -> !a.startsWith("-")).forEach(dir -> container.makeDir(path(dir)));
                return 0;
            case "rm":
                args.stream().filter(a -> !a.startsWith("-")).forEach(file -> container.deleteFile(path(file)));
                return 0;
            case "cd":
                cwd = args.isEmpty() ? "/root" : path(args.get(0));
                return 0;
            case "export", "chmod", "true", ":", "sync":
                return 0;
            case "false":
                return 1;
            case "echo":
                out.accept(String.join(" ", args));
                return 0;
            case "nvidia-smi":
                NvidiaSmiCommand.render(node, args).lines().forEach(out);
                return 0;
            case "ray":
                out.accept("ConnectionError: Could not find any running Ray instance. Please specify the one to "
                        + "connect to by setting `--address` flag or `RAY_ADDRESS` environment variable.");
                return 1;
            case "python3", "python":
                if (String.join(" ", args).contains("__version__")) {
                    out.accept(VllmLogLines.VERSION);
                }
                return 0;
            default:
                if (program.startsWith("./") || program.startsWith("/")) {
                    return runFile(program, out, detached);
                }
                return notFound(program);
        }
    }

    /** A script copied into the container (a launch script, a mod's run.sh): its commands, line by line. */
    private int runFile(String program, Consumer<String> out, boolean detached) throws InterruptedException {
        Optional<String> content = container.file(path(program));
        if (content.isEmpty()) {
            out.accept("bash: line 1: " + program + ": No such file or directory");
            return 127;
        }
        int code = 0;
        for (String line : content.get().replace("\\\n", " ").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            code = runScript(trimmed, program, out, detached);
        }
        return code;
    }

    private int vllm(List<String> args, String wrapper, Consumer<String> out, boolean detached)
            throws InterruptedException {
        if (args.isEmpty() || args.get(0).equals("--version")) {
            out.accept(VllmLogLines.VERSION);
            return 0;
        }
        Optional<VllmArgs> parsed = args.get(0).equals("serve") ? VllmArgs.parse(args.subList(1, args.size()))
                : Optional.empty();
        if (parsed.isEmpty()) {
            out.accept("usage: vllm serve [model_tag] [options]");
            return 2;
        }
        VllmProcess process = new VllmProcess(node, container, parsed.get(), wrapper);
        container.addProcess(process);
        Consumer<String> sink = line -> {
            try {
                out.accept(line);
            } catch (ClientGoneException e) {
                // a foreground docker exec whose client left: vLLM keeps running, its output goes nowhere
            }
        };
        node.cluster().background().execute(() -> process.start(sink, () -> { }));
        if (detached) {
            return 0;
        }
        while (!process.awaitEnd(200)) {
            call.checkAlive();
        }
        return process.exitCode();
    }

    private int cat(List<String> files, Consumer<String> out) {
        int code = 0;
        for (String file : files) {
            Optional<String> content = container.file(path(file));
            if (content.isPresent()) {
                content.get().lines().forEach(out);
            } else {
                call.errLine("cat: " + file + ": No such file or directory");
                code = 1;
            }
        }
        return code;
    }

    private int ls(List<String> args, Consumer<String> out) {
        List<String> paths = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (paths.isEmpty()) {
            paths = List.of(cwd);
        }
        int code = 0;
        for (String arg : paths) {
            String path = path(arg);
            if (container.hasFile(path)) {
                out.accept(arg);
            } else if (container.hasDir(path)) {
                container.list(path).forEach(out);
            } else {
                call.errLine("ls: cannot access '" + arg + "': No such file or directory");
                code = 2;
            }
        }
        return code;
    }

    private boolean test(List<String> args) {
        List<String> words = new ArrayList<>(args);
        if (!words.isEmpty() && words.get(words.size() - 1).equals("]")) {
            words.remove(words.size() - 1);
        }
        boolean negate = !words.isEmpty() && words.get(0).equals("!");
        if (negate) {
            words.remove(0);
        }
        if (words.size() != 2) {
            return negate;
        }
        String path = path(words.get(1));
        boolean result = switch (words.get(0)) {
            case "-f", "-s", "-r", "-x" -> container.hasFile(path);
            case "-d" -> container.hasDir(path);
            case "-e" -> container.hasFile(path) || container.hasDir(path);
            default -> false;
        };
        return negate != result;
    }

    /** {@code pgrep [-a] [-f] [-l] PATTERN} over PID 1 and the vLLM processes (with their bash wrappers). */
    private int pgrep(List<String> args, Consumer<String> out) {
        boolean full = false;
        boolean list = false;
        boolean name = false;
        String pattern = null;
        for (String arg : args) {
            if (arg.startsWith("-") && pattern == null) {
                full |= arg.contains("f");
                list |= arg.contains("a");
                name |= arg.contains("l");
            } else {
                pattern = arg;
            }
        }
        if (pattern == null) {
            call.errLine("pgrep: no matching criteria specified");
            return 2;
        }
        List<String> processes = new ArrayList<>();
        processes.add(container.pid() > 0 ? "1 " + String.join(" ", container.command()) : "1 sleep infinity");
        container.vllmProcesses().forEach(p -> processes.addAll(p.processLines()));
        Pattern regex;
        try {
            regex = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            call.errLine("pgrep: invalid regular expression");
            return 2;
        }
        int found = 0;
        for (String process : processes) {
            int space = process.indexOf(' ');
            String pid = process.substring(0, space);
            String commandLine = process.substring(space + 1);
            String processName = commandLine.split(" ")[0];
            processName = processName.substring(processName.lastIndexOf('/') + 1);
            if (commandLine.startsWith("/usr/bin/python3 ")) {
                processName = "vllm";
            }
            if (regex.matcher(full ? commandLine : processName).find()) {
                found++;
                out.accept(list ? process : name ? pid + " " + processName : pid);
            }
        }
        return found > 0 ? 0 : 1;
    }

    private int notFound(String program) {
        call.errLine("OCI runtime exec failed: exec failed: unable to start container process: exec: \"" + program
                + "\": executable file not found in $PATH: unknown");
        return 127;
    }

    private String path(String path) {
        return SimContainer.normalize(path.startsWith("/") ? path : cwd + "/" + path);
    }
}
