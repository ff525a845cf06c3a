package com.sparkcontrol.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Who may do what on the control plane, decided per request because the admin password can be set while running.
 * No password: everything is open (first run). With one: discovery, health, the session and the login stay open;
 * the audit log and every state-changing call need the signed-in admin; other reads follow
 * {@code spark-control.security.read-only-open}. The dashboard's HTML and scripts carry no data and stay open.
 */
@Component
class ControlPlaneAccess implements AuthorizationManager<RequestAuthorizationContext> {

    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();
    private static final RequestMatcher ALWAYS_OPEN = new OrRequestMatcher(
            PATHS.matcher(HttpMethod.GET, "/api/health"),
            PATHS.matcher(HttpMethod.GET, "/api/endpoints"),
            PATHS.matcher(HttpMethod.GET, "/api/auth/session"),
            PATHS.matcher(HttpMethod.POST, "/api/auth/login"),
            PATHS.matcher("/error"));
    private static final RequestMatcher ADMIN_ONLY_READS = PATHS.matcher("/api/audit");
    private static final RequestMatcher API = PATHS.matcher("/api/**");

    private final AdminAccount admin;
    private final SecurityProperties properties;

    ControlPlaneAccess(AdminAccount admin, SecurityProperties properties) {
        this.admin = admin;
        this.properties = properties;
    }

    @Override
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(allows(authentication.get(), context.getRequest()));
    }

    boolean allows(Authentication authentication, HttpServletRequest request) {
        if (!admin.passwordSet() || isAdmin(authentication) || ALWAYS_OPEN.matches(request)) {
            return true;
        }
        if (!SAFE_METHODS.contains(request.getMethod()) || ADMIN_ONLY_READS.matches(request)) {
            return false;
        }
        return !API.matches(request) || properties.readOnlyOpen();
    }

    static boolean isAdmin(Authentication authentication) {
        return authentication != null && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken)
                && authentication.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + AdminAccount.ROLE));
    }
}
