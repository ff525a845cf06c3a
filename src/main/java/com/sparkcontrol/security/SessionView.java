package com.sparkcontrol.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * What {@code GET /api/auth/session} and a successful sign-in answer: {@code authenticated}, {@code passwordSet},
 * {@code user}, whether read-only views are open, and while a password is set the CSRF token to send back in
 * {@code X-XSRF-TOKEN} (the same value as the {@code XSRF-TOKEN} cookie).
 */
final class SessionView {

    private SessionView() {}

    static Map<String, Object> of(HttpServletRequest request, Authentication authentication, AdminAccount admin, SecurityProperties properties) {
        boolean signedIn = admin.passwordSet() && ControlPlaneAccess.isAdmin(authentication);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authenticated", signedIn);
        body.put("passwordSet", admin.passwordSet());
        body.put("user", signedIn ? authentication.getName() : null);
        body.put("readOnlyOpen", !admin.passwordSet() || properties.readOnlyOpen());
        if (admin.passwordSet() && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            body.put("csrfToken", token.getToken());
        }
        return body;
    }
}
