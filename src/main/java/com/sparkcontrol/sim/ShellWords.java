package com.sparkcontrol.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into words the way a POSIX shell does for simple commands (single and double quotes,
 * backslash escapes, backslash-newline continuations), and quotes words back like bash's {@code printf %q}.
 * Used where the simulator must read a command that a real Spark would hand to a shell inside a container.
 */
final class ShellWords {

    private ShellWords() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                if (next != '\n') {
                    word.append(next);
                    inWord = true;
                }
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                end = end < 0 ? line.length() : end;
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < line.length() && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                        d = line.charAt(++i);
                        if (d == '\n') {
                            i++;
                            continue;
                        }
                    }
                    word.append(d);
                    i++;
                }
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** bash's {@code printf %q}: backslash-escapes what the shell would interpret; {@code ''} for empty. */
    static String quote(String word) {
        if (word.isEmpty()) {
            return "''";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean special = " \t\n'\"\\|&;()<>!{}*[]?^$`,".indexOf(c) >= 0
                    || ((c == '#' || c == '~' || c == '=') && i == 0);
            if (special) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@code printf "%q " "$@"}: every word quoted, each followed by a space, as launch-cluster.sh builds it. */
    static String quoteAll(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            out.append(quote(word)).append(' ');
        }
        return out.toString();
    }
}
