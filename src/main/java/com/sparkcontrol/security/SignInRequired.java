package com.sparkcontrol.security;

import com.sparkcontrol.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/** The control plane's 401: an admin password is set and this call needs a signed-in admin. */
final class SignInRequired implements AuthenticationEntryPoint {

    static final ApiError BODY = new ApiError("sign-in required",
            "an admin password is set: sign in (the dashboard's login page, or POST /api/auth/login) and send the session cookie");

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) throws IOException {
        JsonResponse.write(response, 401, BODY);
    }
}
