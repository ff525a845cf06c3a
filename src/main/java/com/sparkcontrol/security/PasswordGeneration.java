package com.sparkcontrol.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends sessions signed in under an earlier admin password: at sign-in the session notes the password's generation
 * ({@link #atSignIn()}); a request whose session carries an older one is treated as not signed in, and the session
 * is dropped. So changing the password (after a leak, say) signs every other browser out.
 */
final class PasswordGeneration extends OncePerRequestFilter {

    static final String ATTRIBUTE = PasswordGeneration.class.getName();

    private final AdminAccount admin;

    PasswordGeneration(AdminAccount admin) {
        this.admin = admin;
    }

    /** Notes the current generation in the (new) session of a successful sign-in. */
    SessionAuthenticationStrategy atSignIn() {
        return (authentication, request, response) -> request.getSession().setAttribute(ATTRIBUTE, admin.generation());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (session != null && ControlPlaneAccess.isAdmin(authentication)
                && !Integer.valueOf(admin.generation()).equals(session.getAttribute(ATTRIBUTE))) {
            SecurityContextHolder.clearContext();
            session.invalidate();
        }
        chain.doFilter(request, response);
    }
}
