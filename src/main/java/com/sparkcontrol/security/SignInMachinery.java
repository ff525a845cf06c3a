package com.sparkcontrol.security;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * What a sign-in needs, shared by the login filter and the first-password endpoint: the manager that checks the
 * password, the strategy run on success (new session id, new CSRF token, password generation noted) and where the
 * signed-in context is kept (the HTTP session).
 */
record SignInMachinery(AuthenticationManager authenticationManager, SessionAuthenticationStrategy sessionStrategy,
        SecurityContextRepository contextRepository) {}
