package com.sparkcontrol.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The corpus thrown at every endpoint that leads to an SSH command: shell metacharacters, option injection, path
 * traversal, Unicode look-alikes and invisible characters, control characters and over-long strings. Each value is
 * named, so a failure says which one got through.
 */
final class HostileInputs {

    private HostileInputs() {}

    static Map<String, String> corpus() {
        Map<String, String> c = new LinkedHashMap<>();
        // shell metacharacters
        c.put("semicolon", "spark2;touch /tmp/pwned");
        c.put("pipe", "spark2|id");
        c.put("and-and", "spark2&&id");
        c.put("background", "spark2&id");
        c.put("command-substitution", "$(touch /tmp/pwned)");
        c.put("backticks", "`touch /tmp/pwned`");
        c.put("redirect-out", "spark2>/tmp/pwned");
        c.put("redirect-in", "spark2</etc/passwd");
        c.put("variable", "$HOME");
        c.put("brace-expansion", "{a,b}");
        c.put("glob", "*");
        c.put("tilde-user", "~root");
        c.put("single-quote", "spark2'; id; echo '");
        c.put("double-quote", "spark2\"; id; echo \"");
        c.put("backslash", "spark2\\;id");
        c.put("space", "spark2 --rm");
        c.put("tab", "spark2\t--rm");
        // control characters
        c.put("newline", "spark2\nid");
        c.put("carriage-return", "spark2\rid");
        c.put("nul", "spark2\u0000id");
        c.put("escape-sequence", "spark2\u001b[2J");
        // option injection
        c.put("dash-rf", "-rf");
        c.put("double-dash-help", "--help");
        c.put("dash-option-with-value", "--entrypoint=/bin/sh");
        c.put("lone-dash", "-");
        c.put("double-dash", "--");
        // path traversal
        c.put("dot-dot", "..");
        c.put("traversal", "../../etc/passwd");
        c.put("encoded-traversal", "%2e%2e%2f%2e%2e%2fetc");
        c.put("double-encoded-traversal", "%252e%252e%252f");
        c.put("absolute-path", "/etc/passwd");
        c.put("home-path", "~/.ssh/id_ed25519");
        c.put("org-traversal", "Org/../../x");
        // Unicode look-alikes and invisible characters
        c.put("cyrillic-a", "sp\u0430rk2");
        c.put("cyrillic-o-model", "qwen3-c\u043Ede");
        c.put("fullwidth", "\uFF53\uFF50\uFF41\uFF52\uFF4B\uFF12");
        c.put("fullwidth-semicolon", "spark2\uFF1Bid");
        c.put("zero-width-space", "spark2\u200B");
        c.put("right-to-left-override", "spark2\u202Eid");
        c.put("combining-mark", "spark2\u0301");
        // size
        c.put("ten-kilobytes", "a".repeat(10_000));
        c.put("ten-kilobytes-of-dashes", "-".repeat(10_000));
        return c;
    }
}
