package com.sparkcontrol.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The docker CLI's flag syntax (pflag): {@code --name value}, {@code --name=value}, {@code -e VALUE},
 * {@code -eVALUE}, combined booleans ({@code -it}), {@code --bool=false}, and {@code --} ending flags.
 * {@code docker run} and {@code docker exec} stop at the first positional (the image or container), so the
 * command after it keeps its own flags.
 */
final class DockerFlags {

    /** A usage error, printed as docker prints it: {@code unknown flag: --x} then {@code See 'docker x --help'.}. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }

    /** The result: values by long name, boolean flags set, positionals in order. */
    record Parsed(Map<String, List<String>> values, Set<String> flags, List<String> positionals) {
        String value(String name) {
            List<String> all = values.get(name);
            return all == null || all.isEmpty() ? null : all.get(all.size() - 1);
        }

        List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }

        boolean has(String name) {
            return flags.contains(name) || values.containsKey(name);
        }
    }

    private final Map<String, String> aliases = new HashMap<>();
    private final Set<String> valued = new HashSet<>();

    /** Flags that take a value; the last name given is the canonical one. */
    DockerFlags value(String... names) {
        return add(true, names);
    }

    /** Boolean flags; the last name given is the canonical one. */
    DockerFlags bool(String... names) {
        return add(false, names);
    }

    private DockerFlags add(boolean takesValue, String... names) {
        String key = names[names.length - 1];
        for (String name : names) {
            aliases.put(name, key);
        }
        if (takesValue) {
            valued.add(key);
        }
        return this;
    }

    /**
     * Parses {@code args}; on a bad flag prints docker's usage error for {@code docker <command>} and returns
     * null, and the caller exits 125 as docker does.
     */
    Parsed parseOrReport(Invocation call, String command, List<String> args, boolean stopAtFirstPositional) {
        try {
            return parse(args, stopAtFirstPositional);
        } catch (UsageError e) {
            call.errLine(e.getMessage());
            call.errLine("See 'docker " + command + " --help'.");
            return null;
        }
    }

    Parsed parse(List<String> args, boolean stopAtFirstPositional) throws UsageError {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (stopAtFirstPositional) {
                    positionals.addAll(args.subList(i, args.size()));
                    break;
                }
                positionals.add(arg);
                continue;
            }
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg : arg.substring(0, eq);
                String key = aliases.get(name);
                if (key == null) {
                    throw new UsageError("unknown flag: " + name);
                }
                if (valued.contains(key)) {
                    String value;
                    if (eq >= 0) {
                        value = arg.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageError("flag needs an argument: " + name);
                    }
                    values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                } else if (eq < 0 || !arg.substring(eq + 1).equals("false")) {
                    flags.add(key);
                } else {
                    flags.remove(key);
                }
                continue;
            }
            for (int c = 1; c < arg.length(); c++) {
                String name = "-" + arg.charAt(c);
                String key = aliases.get(name);
                if (key == null) {
                    throw new UsageError("unknown shorthand flag: '" + arg.charAt(c) + "' in " + arg);
                }
                if (valued.contains(key)) {
                    String rest = arg.substring(c + 1);
                    String value;
                    if (rest.startsWith("=")) {
                        value = rest.substring(1);
                    } else if (!rest.isEmpty()) {
                        value = rest;
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageError("flag needs an argument: '" + arg.charAt(c) + "' in " + arg);
                    }
                    values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                    break;
                }
                flags.add(key);
            }
        }
        return new Parsed(values, flags, positionals);
    }
}
