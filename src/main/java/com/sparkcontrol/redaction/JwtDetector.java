package com.sparkcontrol.redaction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * JSON Web Tokens: three base64url parts joined by dots (the last may be empty for unsigned tokens) whose
 * header decodes to a JSON object naming "alg" or "typ".
 */
final class JwtDetector implements PiiDetector {

    private static final int MIN_PART = 10;

    @Override
    public EntityType type() {
        return EntityType.JWT;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        int from = 0;
        for (int at = text.indexOf("eyJ", from); at >= 0; at = text.indexOf("eyJ", from)) {
            int headerEnd = partEnd(text, at);
            int payloadEnd = TokenBoundary.charAt(text, headerEnd) == '.' ? partEnd(text, headerEnd + 1) : -1;
            int end = payloadEnd > 0 && TokenBoundary.charAt(text, payloadEnd) == '.' ? partEnd(text, payloadEnd + 1) : -1;
            from = Math.max(at + 1, Math.max(headerEnd, end));
            if (end > 0 && headerEnd - at >= MIN_PART && payloadEnd - headerEnd - 1 >= MIN_PART
                    && TokenBoundary.wordStartsAt(text, at) && !isBase64Url(TokenBoundary.charAt(text, at - 1))
                    && TokenBoundary.wordEndsAt(text, end) && headerIsJson(text.substring(at, headerEnd))) {
                spans.add(new PiiSpan(type(), at, end));
            }
        }
        return spans;
    }

    private static int partEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isBase64Url(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBase64Url(char c) {
        return TokenBoundary.isAsciiAlnum(c) || c == '-' || c == '_';
    }

    private static boolean headerIsJson(String header) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8).trim();
            return json.startsWith("{") && (json.contains("\"alg\"") || json.contains("\"typ\""));
        } catch (IllegalArgumentException e) {
            return false; // not base64url
        }
    }
}
