package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * PEM private keys ("-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED ]PRIVATE KEY-----" through the matching END
 * line) and PGP private key blocks. A key cut off before its END line is redacted as far as its base64
 * body goes, so a truncated paste does not leak.
 */
final class PrivateKeyDetector implements PiiDetector {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    private static final int MAX_LABEL = 40;

    @Override
    public EntityType type() {
        return EntityType.PRIVATE_KEY;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        int from = 0;
        int nextEnd = -2; // the next END marker, looked up once and reused so that many BEGINs stay linear
        for (int begin = text.indexOf(BEGIN, from); begin >= 0; begin = text.indexOf(BEGIN, from)) {
            int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0 || labelEnd - begin - BEGIN.length() > MAX_LABEL
                    || !isPrivateKeyLabel(text.substring(begin + BEGIN.length(), labelEnd))) {
                from = begin + BEGIN.length();
                continue;
            }
            int bodyStart = labelEnd + DASHES.length();
            if (nextEnd != -1 && nextEnd < bodyStart) {
                nextEnd = text.indexOf(END, bodyStart);
            }
            int nextBegin = text.indexOf(BEGIN, bodyStart);
            boolean hasOwnEnd = nextEnd >= 0 && (nextBegin < 0 || nextEnd < nextBegin);
            int end = hasOwnEnd ? endOfEndLine(text, nextEnd) : bodyEnd(text, bodyStart);
            spans.add(new PiiSpan(type(), begin, end));
            from = Math.max(end, bodyStart);
        }
        return spans;
    }

    private static boolean isPrivateKeyLabel(String label) {
        return label.endsWith("PRIVATE KEY") || label.endsWith("PRIVATE KEY BLOCK");
    }

    private static int endOfEndLine(String text, int endMarker) {
        int close = text.indexOf(DASHES, endMarker + END.length());
        return close < 0 || close - endMarker > END.length() + MAX_LABEL ? bodyEnd(text, endMarker) : close + DASHES.length();
    }

    /** The end of the base64 body (and PEM headers) that follows a BEGIN line without a matching END. */
    private static int bodyEnd(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (TokenBoundary.isAsciiAlnum(c) || "+/=:,-\\ \t\r\n".indexOf(c) >= 0) {
                i++;
            } else {
                break;
            }
        }
        while (i > from && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
