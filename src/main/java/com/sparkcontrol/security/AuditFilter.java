package com.sparkcontrol.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every state-changing {@code /api} call in the {@link AuditLog} once it has an answer, refusals (401, 403,
 * 429) included. Sits early in the control plane's security chain, so it sees who was signed in and what the
 * security filters decided. The action is the method and the path template; the target is the path's values,
 * cleaned of control characters and cut short, since they are whatever the caller sent.
 */
final class AuditFilter extends OncePerRequestFilter {

    static final int MAX_TARGET = 120;

    private final AuditLog audit;
    private final Clock clock;

    AuditFilter(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ControlPlaneAccess.SAFE_METHODS.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        String before = who(request);
        try {
            chain.doFilter(request, response);
        } finally {
            String after = who(request);
            audit.record(new AuditEntry(clock.instant(), before.startsWith(AdminAccount.USERNAME) ? before : after,
                    request.getMethod() + " " + template(request), target(request), response.getStatus()));
        }
    }

    private static String who(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String name = ControlPlaneAccess.isAdmin(authentication) ? authentication.getName() : "anonymous";
        return name + "@" + request.getRemoteAddr();
    }

    private static String template(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return clean(pattern instanceof String p && !p.equals("/**") ? p : request.getRequestURI());
    }

    private static String target(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables && !variables.isEmpty()) {
            return clean(variables.values().stream().map(String::valueOf).collect(Collectors.joining(" ")));
        }
        return null;
    }

    /** Printable and short: the value may be a 10 kB hostile string with newlines meant for the log. */
    static String clean(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_TARGET + 1));
        value.codePoints().limit(MAX_TARGET).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        if (value.codePointCount(0, value.length()) > MAX_TARGET) {
            out.append('…');
        }
        return out.toString();
    }
}
