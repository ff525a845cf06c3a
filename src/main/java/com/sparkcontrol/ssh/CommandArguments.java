package com.sparkcontrol.ssh;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict validators for every value that can end up on a Spark's command line. They run before any SSH
 * connection opens, so a hostile id is a 400 and not one command is sent. Quoting protects the shell; these
 * rules also protect the programs (no option injection such as an id starting with {@code -}).
 */
public final class CommandArguments {

    /** Hugging Face repo ids: {@code Org/Name}, ASCII letters, digits, {@code - _ .}, no {@code --} or {@code ..}. */
    private static final Pattern REPO_PART = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");
    private static final Pattern CATALOG_ID = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?");
    private static final Pattern FLAG = Pattern.compile("--?[A-Za-z][A-Za-z0-9_-]{0,63}(=[\\x21-\\x7e]{0,4000})?");
    private static final Pattern FLAG_VALUE = Pattern.compile("[\\x21-\\x7e]{1,4000}");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}=[\\x21-\\x7e]{0,1024}");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");
    private static final int MAX_FLAGS = 128;

    /** Set by {@code launch-cluster.sh} itself, or by Spark Control; a model's flags may not override them. */
    private static final Set<String> RESERVED_FLAGS = Set.of("--distributed-executor-backend", "--nnodes", "--node-rank",
            "--master-addr", "--master-port", "--headless", "--host", "--port");

    private CommandArguments() {}

    public static String repoId(String field, String value) {
        requirePresent(field, value, 193);
        int slash = value.indexOf('/');
        if (slash < 0 || slash != value.lastIndexOf('/')) {
            throw new InvalidArgumentException(field, "must look like Org/Name (a Hugging Face repo id)");
        }
        String org = value.substring(0, slash);
        String name = value.substring(slash + 1);
        if (!REPO_PART.matcher(org).matches() || !REPO_PART.matcher(name).matches()
                || value.contains("--") || value.contains("..")) {
            throw new InvalidArgumentException(field,
                    "must look like Org/Name: ASCII letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
        }
        return value;
    }

    public static String catalogId(String field, String value) {
        requirePresent(field, value, 64);
        if (!CATALOG_ID.matcher(value).matches()) {
            throw new InvalidArgumentException(field, "must be lower-case letters, digits, '-', '_' or '.' (at most 64)");
        }
        return value;
    }

    public static String serviceName(String field, String value) {
        requirePresent(field, value, 32);
        if (!SERVICE_NAME.matcher(value).matches()) {
            throw new InvalidArgumentException(field, "must be lower-case letters, digits and '-', starting with a letter (at most 32)");
        }
        return value;
    }

    /** A container or image reference such as {@code ghcr.io/remsky/kokoro-fastapi-gpu:latest}. */
    public static String image(String field, String value) {
        requirePresent(field, value, 255);
        if (!IMAGE.matcher(value).matches()) {
            throw new InvalidArgumentException(field, "must be a Docker image reference (lower-case, no spaces)");
        }
        return value;
    }

    /**
     * vLLM command-line flags as separate words: {@code --name}, {@code --name=value} or a value after a flag.
     * Printable ASCII without spaces; a value may start with '-' only when it is a number.
     */
    public static List<String> vllmFlags(String field, List<String> flags) {
        if (flags == null) {
            return List.of();
        }
        if (flags.size() > MAX_FLAGS) {
            throw new InvalidArgumentException(field, "has more than " + MAX_FLAGS + " words");
        }
        boolean previousWasFlag = false;
        for (String word : flags) {
            requirePresent(field, word, 4000);
            if (word.startsWith("-") && !NUMBER.matcher(word).matches()) {
                if (!FLAG.matcher(word).matches()) {
                    throw new InvalidArgumentException(field, "has a malformed flag: " + printable(word));
                }
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                if (RESERVED_FLAGS.contains(name)) {
                    throw new InvalidArgumentException(field, "may not set " + name + " (Spark Control or launch-cluster.sh sets it)");
                }
                previousWasFlag = true;
            } else {
                if (!previousWasFlag) {
                    throw new InvalidArgumentException(field, "has a value without a flag before it: " + printable(word));
                }
                if (!FLAG_VALUE.matcher(word).matches()) {
                    throw new InvalidArgumentException(field,
                            "has a value with spaces or non-ASCII characters (write JSON without spaces): " + printable(word));
                }
                previousWasFlag = false;
            }
        }
        return List.copyOf(flags);
    }

    /** {@code NAME=value} for a container environment; no spaces (launch-cluster.sh splits on them). */
    public static String envAssignment(String field, String value) {
        requirePresent(field, value, 1100);
        if (!ENV_ASSIGNMENT.matcher(value).matches()) {
            throw new InvalidArgumentException(field, "must be NAME=value with an upper-case NAME and no spaces in the value");
        }
        return value;
    }

    private static void requirePresent(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw new InvalidArgumentException(field, "is required");
        }
        if (value.length() > maxLength) {
            throw new InvalidArgumentException(field, "is longer than " + maxLength + " characters");
        }
    }

    /** Echo a rejected value safely: ASCII only, control characters escaped, truncated. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 80; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return value.length() > 80 ? out + "…" : out.toString();
    }
}
