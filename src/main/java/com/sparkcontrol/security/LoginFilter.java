package com.sparkcontrol.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * {@code POST /api/auth/login}: the admin signs in with {@code {"password": "…"}} (JSON) or a form field
 * {@code password} (the user name is optional: there is only {@code admin}). Spring Security's processing filter does
 * the rest: the password is checked by the {@code AuthenticationManager}, the session id changes, the CSRF token is
 * renewed and the signed-in context is saved in the session. Failed attempts are rate-limited per client.
 */
final class LoginFilter extends AbstractAuthenticationProcessingFilter {

    static final String PATH = "/api/auth/login";
    private static final int MAX_BODY = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminAccount admin;
    private final LoginThrottle throttle;

    LoginFilter(AuthenticationManager manager, AdminAccount admin, LoginThrottle throttle, SecurityProperties properties) {
        super(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, PATH), manager);
        this.admin = admin;
        this.throttle = throttle;
        setAuthenticationSuccessHandler((request, response, authentication) -> {
            throttle.succeeded(request.getRemoteAddr());
            JsonResponse.write(response, 200, SessionView.of(request, authentication, admin, properties));
        });
        setAuthenticationFailureHandler(this::failed);
    }

    @Override
    public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!admin.passwordSet()) {
            throw new NoPasswordSet();
        }
        Duration wait = throttle.waitBeforeAttempt(request.getRemoteAddr()).orElse(null);
        if (wait != null) {
            throw new TooManyAttempts(wait);
        }
        String[] credentials = credentials(request);
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(credentials[0], credentials[1]);
        attempt.setDetails(authenticationDetailsSource.buildDetails(request));
        return getAuthenticationManager().authenticate(attempt);
    }

    private void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) throws IOException {
        if (failure instanceof NoPasswordSet) {
            JsonResponse.write(response, 409, new ApiError("no admin password is set",
                    "there is nothing to sign in to: set a password first (POST /api/auth/password)"));
        } else if (failure instanceof TooManyAttempts tooMany) {
            long seconds = Math.max(1, (tooMany.wait.toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            JsonResponse.write(response, 429, new ApiError("too many failed sign-ins", "try again in " + seconds + " s"));
        } else if (failure instanceof UnreadableCredentials) {
            JsonResponse.write(response, 400, new ApiError("bad request", failure.getMessage()));
        } else {
            throttle.failed(request.getRemoteAddr());
            JsonResponse.write(response, 401, new ApiError("wrong password", "the admin password is not right"));
        }
    }

    /** {user name, password} from a JSON body or form fields; the user name defaults to the one admin. */
    private static String[] credentials(HttpServletRequest request) throws IOException {
        String username = null;
        String password;
        String type = request.getContentType();
        if (type != null && MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type))) {
            JsonNode body;
            try (InputStream in = request.getInputStream()) {
                byte[] bytes = in.readNBytes(MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    throw new UnreadableCredentials("the body is too large");
                }
                body = JSON.readTree(bytes);
            } catch (IOException e) {
                throw new UnreadableCredentials("the body is not valid JSON");
            }
            if (body == null || !body.path("password").isTextual()) {
                throw new UnreadableCredentials("send {\"password\": \"…\"}");
            }
            password = body.path("password").asText();
            username = body.path("username").isTextual() ? body.path("username").asText() : null;
        } else {
            password = request.getParameter("password");
            username = request.getParameter("username");
            if (password == null) {
                throw new UnreadableCredentials("send the password as JSON {\"password\": \"…\"} or as a form field");
            }
        }
        return new String[] {username == null || username.isBlank() ? AdminAccount.USERNAME : username.strip(), password};
    }

    private static final class NoPasswordSet extends AuthenticationException {
        NoPasswordSet() {
            super("no admin password is set");
        }
    }

    private static final class TooManyAttempts extends AuthenticationException {
        private final transient Duration wait;

        TooManyAttempts(Duration wait) {
            super("too many failed sign-ins");
            this.wait = wait;
        }
    }

    private static final class UnreadableCredentials extends AuthenticationException {
        UnreadableCredentials(String message) {
            super(message);
        }
    }
}
