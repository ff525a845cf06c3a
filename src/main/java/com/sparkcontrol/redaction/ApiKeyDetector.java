package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * API keys and tokens recognised by their issuer's prefix and body length: NVIDIA, Hugging Face, OpenAI and
 * Anthropic, GitHub, GitLab, AWS access key ids, Slack, Stripe and Google. A prefix with too short a body
 * ("sk-test", "hf_demo") is a look-alike, not a key.
 */
final class ApiKeyDetector implements PiiDetector {

    /** One kind of key: its prefix, the characters its body may use, and the body's length range. */
    private record KeyFormat(String prefix, String extraChars, boolean upperOnly, int minBody, int maxBody) {
    }

    private static final List<KeyFormat> FORMATS = List.of(
            new KeyFormat("nvapi-", "-_", false, 20, 128),
            new KeyFormat("hf_", "", false, 30, 64),
            new KeyFormat("sk-", "-_", false, 20, 256),
            new KeyFormat("sk_live_", "", false, 20, 128),
            new KeyFormat("sk_test_", "", false, 20, 128),
            new KeyFormat("rk_live_", "", false, 20, 128),
            new KeyFormat("ghp_", "", false, 30, 255),
            new KeyFormat("gho_", "", false, 30, 255),
            new KeyFormat("ghu_", "", false, 30, 255),
            new KeyFormat("ghs_", "", false, 30, 255),
            new KeyFormat("ghr_", "", false, 30, 255),
            new KeyFormat("github_pat_", "_", false, 22, 255),
            new KeyFormat("glpat-", "-_", false, 20, 64),
            new KeyFormat("AKIA", "", true, 16, 16),
            new KeyFormat("ASIA", "", true, 16, 16),
            new KeyFormat("xoxb-", "-", false, 10, 255),
            new KeyFormat("xoxp-", "-", false, 10, 255),
            new KeyFormat("xoxa-", "-", false, 10, 255),
            new KeyFormat("xoxr-", "-", false, 10, 255),
            new KeyFormat("xoxs-", "-", false, 10, 255),
            new KeyFormat("xoxe-", "-", false, 10, 255),
            new KeyFormat("AIza", "-_", false, 35, 35));

    @Override
    public EntityType type() {
        return EntityType.API_KEY;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        for (KeyFormat format : FORMATS) {
            int from = 0;
            for (int at = text.indexOf(format.prefix(), from); at >= 0; at = text.indexOf(format.prefix(), from)) {
                int bodyStart = at + format.prefix().length();
                int end = bodyStart;
                while (end < text.length() && isBodyChar(format, text.charAt(end))) {
                    end++;
                }
                from = Math.max(end, at + 1);
                int body = end - bodyStart;
                if (TokenBoundary.wordStartsAt(text, at) && TokenBoundary.wordEndsAt(text, end)
                        && body >= format.minBody() && body <= format.maxBody()) {
                    spans.add(new PiiSpan(type(), at, end));
                }
            }
        }
        return spans;
    }

    private static boolean isBodyChar(KeyFormat format, char c) {
        if (format.upperOnly()) {
            return TokenBoundary.isAsciiDigit(c) || (c >= 'A' && c <= 'Z');
        }
        return TokenBoundary.isAsciiAlnum(c) || format.extraChars().indexOf(c) >= 0;
    }
}
