package com.sparkcontrol.security;

import com.sparkcontrol.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * The control plane's 403, mostly a missing or stale CSRF token. A caller who is not signed in and asks for
 * something only the admin may do gets the 401 instead: "sign in" is the useful answer, not "no token".
 */
final class ControlPlaneDenied implements AccessDeniedHandler {

    static final ApiError CSRF = new ApiError("CSRF token missing or invalid",
            "send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header (GET /api/auth/session hands out a fresh one)");
    static final ApiError FORBIDDEN = new ApiError("forbidden", "this call is not allowed");

    private final ControlPlaneAccess access;

    ControlPlaneDenied(ControlPlaneAccess access) {
        this.access = access;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
            org.springframework.security.access.AccessDeniedException denied) throws IOException {
        if (!access.allows(SecurityContextHolder.getContext().getAuthentication(), request)) {
            JsonResponse.write(response, 401, SignInRequired.BODY);
        } else {
            JsonResponse.write(response, 403, denied instanceof CsrfException ? CSRF : FORBIDDEN);
        }
    }
}
