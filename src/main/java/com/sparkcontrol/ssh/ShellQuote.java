package com.sparkcontrol.ssh;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one quoting function for everything sent to a Spark's shell: each argument becomes a single literal
 * word for {@code bash}, whatever it contains. Plain words are left readable; anything else is single-quoted.
 */
public final class ShellQuote {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private ShellQuote() {}

    public static String quote(String argument) {
        if (argument == null) {
            throw new InvalidArgumentException("argument", "must not be null");
        }
        if (argument.indexOf('\0') >= 0) {
            throw new InvalidArgumentException("argument", "contains a NUL byte, which no shell argument can carry");
        }
        if (!argument.isEmpty() && PLAIN.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** A path that may start with {@code ~/}: the tilde stays unquoted so the remote shell expands it. */
    public static String quotePath(String path) {
        if (path.equals("~")) {
            return "~";
        }
        if (path.startsWith("~/")) {
            return "~/" + quote(path.substring(2));
        }
        return quote(path);
    }

    public static String join(List<String> arguments) {
        return arguments.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
