package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * URLs with a scheme ("https://…", "postgres://user:pw@db/…") or starting "www.", up to the first space,
 * quote or angle bracket; trailing sentence punctuation and unbalanced closing brackets are left out.
 */
final class UrlDetector implements PiiDetector {

    private static final Set<String> SCHEMES = Set.of("http", "https", "ftp", "ftps", "sftp", "ws", "wss", "ssh",
            "git", "rtsp", "smb", "ldap", "ldaps", "s3", "redis", "postgres", "postgresql", "mysql", "mongodb",
            "mongodb+srv", "amqp", "amqps", "jdbc:postgresql", "jdbc:mysql");
    private static final int MAX_SCHEME = 16;

    @Override
    public EntityType type() {
        return EntityType.URL;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        int from = 0;
        for (int sep = text.indexOf("://", from); sep >= 0; sep = text.indexOf("://", from)) {
            int start = schemeStart(text, sep);
            int end = start < 0 || !isUrlChar(TokenBoundary.charAt(text, sep + 3)) ? -1 : urlEnd(text, sep + 3);
            if (end > sep + 3) {
                spans.add(new PiiSpan(type(), start, end));
                from = end;
            } else {
                from = sep + 3;
            }
        }
        from = 0;
        for (int www = text.indexOf("www.", from); www >= 0; www = text.indexOf("www.", from)) {
            from = www + 4;
            if (wwwBoundary(text, www)) {
                int end = urlEnd(text, www + 4);
                int dot = text.indexOf('.', www + 4);
                if (dot > 0 && dot < end - 1) { // www.example.com, not "www.example"
                    spans.add(new PiiSpan(type(), www, end));
                    from = end;
                }
            }
        }
        return spans;
    }

    /** "www." starts a word (not "https://www." again, nor part of a host name) and a label follows. */
    private static boolean wwwBoundary(String text, int www) {
        char before = TokenBoundary.charAt(text, www - 1);
        return !TokenBoundary.isWordChar(before) && before != '/' && before != '.' && before != '@'
                && TokenBoundary.isWordChar(TokenBoundary.charAt(text, www + 4));
    }

    /** The scheme's start before "://", or -1 when the letters there are not a known scheme. */
    private static int schemeStart(String text, int sep) {
        int start = sep;
        while (start > 0 && sep - start < MAX_SCHEME && isSchemeChar(text.charAt(start - 1))) {
            start--;
        }
        if (start == sep || !TokenBoundary.wordStartsAt(text, start)) {
            return -1;
        }
        String scheme = text.substring(start, sep).toLowerCase(Locale.ROOT);
        return SCHEMES.contains(scheme) ? start : -1;
    }

    private static boolean isSchemeChar(char c) {
        return TokenBoundary.isAsciiAlnum(c) || c == '+' || c == ':';
    }

    private static int urlEnd(String text, int from) {
        int end = from;
        int parens = 0;
        int brackets = 0;
        while (end < text.length() && isUrlChar(text.charAt(end))) {
            char c = text.charAt(end);
            if (c == '(') {
                parens++;
            } else if (c == ')' && --parens < 0) {
                break;
            } else if (c == '[') {
                brackets++;
            } else if (c == ']' && --brackets < 0) {
                break;
            }
            end++;
        }
        while (end > from && ".,;:!?'*".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }

    private static boolean isUrlChar(char c) {
        if (c < 0x80) {
            return c > 0x20 && c < 0x7F && "<>\"`{}|\\^".indexOf(c) < 0;
        }
        return c < 0x2E80 && Character.isLetterOrDigit(c);
    }
}
