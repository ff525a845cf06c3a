package com.sparkcontrol.security;

import com.sparkcontrol.gateway.OpenAiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The data plane's 401: the OpenAI envelope with {@code authentication_error} / {@code invalid_api_key}, as OpenAI
 * itself answers, so SDKs raise their AuthenticationError. Never repeats the key that was sent.
 */
final class OpenAiUnauthorized implements AuthenticationEntryPoint {

    static final String MISSING = "You didn't provide an API key. Send it in the Authorization header using Bearer auth "
            + "(Authorization: Bearer YOUR_KEY); the operator of this Spark Control sets the keys.";
    static final String INCORRECT = "Incorrect API key provided. Ask the operator of this Spark Control for a valid key.";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) throws IOException {
        String message = failure instanceof BadCredentialsException ? INCORRECT : MISSING;
        response.setHeader("WWW-Authenticate", "Bearer realm=\"spark-control\"");
        JsonResponse.write(response, 401, OpenAiError.of(401, message).code("invalid_api_key").body());
    }
}
