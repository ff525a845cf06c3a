package com.sparkcontrol.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/auth/session} (who is signed in, whether a password is set, the CSRF token) and
 * {@code POST /api/auth/password} (set the first password, open while there is none; afterwards only the signed-in
 * admin may change it). Setting the first password also signs the caller in, through the same Spring Security
 * machinery as a sign-in. Sign-in and sign-out themselves are Spring Security filters ({@link LoginFilter}).
 */
@RestController
class AuthController {

    record PasswordRequest(String password) {}

    private final AdminAccount admin;
    private final SecurityProperties properties;
    private final AuthenticationManager authenticationManager;
    private final SessionAuthenticationStrategy signInStrategy;
    private final SecurityContextRepository contextRepository;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    AuthController(AdminAccount admin, SecurityProperties properties, SignInMachinery signIn) {
        this.admin = admin;
        this.properties = properties;
        this.authenticationManager = signIn.authenticationManager();
        this.signInStrategy = signIn.sessionStrategy();
        this.contextRepository = signIn.contextRepository();
    }

    @GetMapping("/api/auth/session")
    Map<String, Object> session(HttpServletRequest request) {
        return SessionView.of(request, holder.getContext().getAuthentication(), admin, properties);
    }

    @PostMapping("/api/auth/password")
    Map<String, Object> setPassword(@RequestBody PasswordRequest body, HttpServletRequest request, HttpServletResponse response) {
        boolean wasSet = admin.passwordSet();
        if (wasSet && !ControlPlaneAccess.isAdmin(holder.getContext().getAuthentication())) {
            // the filter chain already refuses this; kept here so the rule holds even if the chain changes
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "sign in to change the admin password");
        }
        String password = body == null ? null : body.password();
        SavedPassword saved = admin.change(password);
        Authentication authentication = authenticationManager.authenticate(
                UsernamePasswordAuthenticationToken.unauthenticated(AdminAccount.USERNAME, password));
        signInStrategy.onAuthentication(authentication, request, response);
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contextRepository.saveContext(context, request, response);

        Map<String, Object> answer = new LinkedHashMap<>(SessionView.of(request, authentication, admin, properties));
        answer.put("changed", wasSet);
        if (saved.shadowedBy() != null) {
            answer.put("warning", "saved in config.yaml, but the admin password set in " + saved.shadowedBy()
                    + " takes precedence at the next start; remove it there");
        }
        return answer;
    }
}
