package com.sparkcontrol.health;

import com.sparkcontrol.ssh.RemoteCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one command a poll runs on a Spark. It prints every figure in sections headed {@code ### name}; the
 * slow or fragile tools (nvidia-smi, docker, df) run side by side under their own {@code timeout}, so one
 * stuck tool costs only its own section, and each ends with {@code !! exit N} so a failure is told apart
 * from empty output. Nothing in it comes from a request: the only part that varies is the operator's
 * {@code vllm.repo-dir}, quoted by {@link RemoteCommand} like every other path sent to a Spark.
 */
final class GathererScript {

    static final String GPU_QUERY = "utilization.gpu,temperature.gpu,power.draw,clocks.sm,clocks.mem,memory.total,memory.used,name";

    /** Seconds each tool may take; below the default SSH timeout so a slow tool never loses the other figures. */
    private static final int TOOL_TIMEOUT_SECONDS = 3;

    /** {@code timeout}'s exit code when the tool ran out of time. */
    private static final int TIMED_OUT = 124;

    static final String LAUNCHER = "launch-cluster.sh";

    /** The script for a Spark that runs no vLLM: figures only. */
    static final RemoteCommand COMMAND = script(List.of(), List.of());

    /**
     * The script plus a {@code ### launcher} section for a Spark that runs vLLM: exit 0 when
     * {@code launch-cluster.sh} in {@code repoDir} is a file this user may execute. The check is the pre-flight's
     * ({@code cd <repo-dir>} quoted by {@link RemoteCommand}, so {@code ~/} expands and nothing else does), in its
     * own shell so a missing directory cannot move the rest of the script, and side by side with the tools under
     * the same {@code timeout}: a repo dir on a hung mount costs this section only (exit 124, "unknown").
     */
    static RemoteCommand withLauncherCheck(String repoDir) {
        RemoteCommand check = RemoteCommand.of("test", "-f", LAUNCHER).then(RemoteCommand.of("test", "-x", LAUNCHER))
                .inDirectory(repoDir);
        RemoteCommand bounded = RemoteCommand.of("timeout", Integer.toString(TOOL_TIMEOUT_SECONDS), "sh", "-c", check.line());
        return script(List.of("( " + bounded.line() + " >/dev/null 2>&1; echo \"!! exit $?\" ) >\"$t/launcher\" 2>/dev/null &"),
                List.of("echo '### launcher'; cat \"$t/launcher\""));
    }

    private static RemoteCommand script(List<String> extraJobs, List<String> extraSections) {
        List<String> lines = new ArrayList<>(List.of(
                "export LC_ALL=C",
                "t=$(mktemp -d 2>/dev/null) || t=/tmp/.spark-control-health.$$; mkdir -p \"$t\"; trap 'rm -rf \"$t\"' EXIT",
                "( timeout " + TOOL_TIMEOUT_SECONDS + " nvidia-smi --query-gpu=" + GPU_QUERY
                        + " --format=csv,noheader,nounits; echo \"!! exit $?\" ) >\"$t/gpu\" 2>/dev/null &",
                "( timeout " + TOOL_TIMEOUT_SECONDS + " docker ps -a --no-trunc --format '{{json .}}'; echo \"!! exit $?\" ) >\"$t/docker\" 2>/dev/null &",
                "( d=\"${HF_HOME:-$HOME/.cache/huggingface}\"; [ -d \"$d\" ] || d=\"$HOME\"; echo \"path $d\";"
                        + " timeout " + TOOL_TIMEOUT_SECONDS + " df -B1 --output=size,avail \"$d\"; r=$?;"
                        // POSIX df (no --output, e.g. BusyBox) as a fallback, but not after a hang
                        + " [ $r = 0 ] || [ $r = " + TIMED_OUT + " ] || { timeout " + TOOL_TIMEOUT_SECONDS + " df -P -k \"$d\"; r=$?; };"
                        + " echo \"!! exit $r\" ) >\"$t/df\" 2>/dev/null &"));
        lines.addAll(extraJobs);
        lines.addAll(List.of(
                "echo '### meminfo'; cat /proc/meminfo 2>/dev/null",
                // read through cat: the simulator stands in for /proc by shimming cat, not grep
                "echo '### stat'; cat /proc/stat 2>/dev/null | grep '^cpu'",
                "echo '### loadavg'; cat /proc/loadavg 2>/dev/null",
                "wait",
                "echo '### nvidia-smi'; cat \"$t/gpu\"",
                "echo '### df'; cat \"$t/df\"",
                "echo '### docker'; cat \"$t/docker\""));
        lines.addAll(extraSections);
        lines.add("echo '### end'");
        return RemoteCommand.trustedScript(String.join("\n", lines));
    }

    /** One section of the output: its lines (without the exit marker) and the tool's exit code when printed. */
    record Section(List<String> lines, Integer exitCode) {
        static final Section MISSING = new Section(List.of(), null);

        boolean failed() {
            return exitCode != null && exitCode != 0;
        }

        /** The tool gave no answer within {@link #TOOL_TIMEOUT_SECONDS}. */
        boolean timedOut() {
            return exitCode != null && exitCode == TIMED_OUT;
        }

        /** Why the tool gave nothing usable, in the words of a note. */
        String failure(String tool) {
            return switch (exitCode == null ? -1 : exitCode) {
                case TIMED_OUT -> tool + ": no answer within " + TOOL_TIMEOUT_SECONDS + " s";
                case 126, 127 -> tool + ": not installed";
                case -1 -> tool + ": no output";
                default -> tool + ": failed (exit " + exitCode + ")";
            };
        }
    }

    private static final Pattern EXIT_MARKER = Pattern.compile("(.*)!! exit (\\S*)\\s*");

    private GathererScript() {}

    /** Splits the output into sections by their {@code ### name} headers; text before the first header is ignored. */
    static Map<String, Section> sections(String stdout) {
        Map<String, Section> sections = new LinkedHashMap<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        Integer exit = null;
        for (String line : stdout.split("\\R")) {
            if (line.startsWith("### ")) {
                if (name != null) {
                    sections.put(name, new Section(List.copyOf(lines), exit));
                }
                name = line.substring(4).strip();
                lines.clear();
                exit = null;
            } else if (name != null) {
                // a tool whose last line has no newline leaves the marker glued to it
                Matcher marker = EXIT_MARKER.matcher(line);
                if (marker.matches()) {
                    exit = parseExit(marker.group(2));
                    if (!marker.group(1).isEmpty()) {
                        lines.add(marker.group(1));
                    }
                } else {
                    lines.add(line);
                }
            }
        }
        if (name != null) {
            sections.put(name, new Section(List.copyOf(lines), exit));
        }
        return sections;
    }

    private static Integer parseExit(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
