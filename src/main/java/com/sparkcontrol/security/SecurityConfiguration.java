package com.sparkcontrol.security;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two planes, two filter chains (issue 11). The data plane ({@code /v1}, {@code /redact/v1}, {@code /api/audio},
 * {@code /api/redact}, {@code /api/health-event}, custom services' {@code /custom}, {@code /actuator}) is stateless: when API keys are set it needs
 * {@code Authorization: Bearer <key>} and answers a wrong one with the OpenAI 401 envelope. The control plane
 * (everything else: {@code /api}, the dashboard) has a session sign-in for the one admin, CSRF tokens in a cookie
 * the dashboard reads, and refuses cross-site calls; with no admin password it stays open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /** Machine-facing paths: API keys, never sessions or CSRF. */
    static final RequestMatcher DATA_PLANE = new OrRequestMatcher(
            PATHS.matcher("/v1/**"),
            PATHS.matcher("/redact/v1/**"),
            PATHS.matcher("/api/audio/**"),
            PATHS.matcher("/api/redact"),
            PATHS.matcher("/api/health-event"),
            PATHS.matcher("/custom/**"),
            PATHS.matcher("/actuator/**"));

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    CookieCsrfTokenRepository csrfTokenRepository() {
        CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse(); // the dashboard reads it
        repository.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return repository;
    }

    @Bean
    SignInMachinery signInMachinery(AdminAccount admin, PasswordEncoder encoder, CookieCsrfTokenRepository csrfTokens) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(admin);
        provider.setPasswordEncoder(encoder);
        CsrfAuthenticationStrategy newCsrfToken = new CsrfAuthenticationStrategy(csrfTokens);
        newCsrfToken.setRequestHandler(new CsrfTokenRequestAttributeHandler());
        return new SignInMachinery(new ProviderManager(provider),
                new CompositeSessionAuthenticationStrategy(List.of(new ChangeSessionIdAuthenticationStrategy(), newCsrfToken,
                        new PasswordGeneration(admin).atSignIn())),
                new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository()));
    }

    @Bean
    @Order(1)
    SecurityFilterChain dataPlane(HttpSecurity http, ApiKeys keys) throws Exception {
        OpenAiUnauthorized unauthorized = new OpenAiUnauthorized();
        http.securityMatcher(DATA_PLANE)
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable) // the gateway sets its own; nothing may buffer a stream
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized))
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
                    requests.requestMatchers(PATHS.matcher("/actuator/health"), PATHS.matcher("/actuator/health/**")).permitAll();
                    if (keys.enabled()) {
                        requests.anyRequest().authenticated();
                    } else {
                        requests.anyRequest().permitAll();
                    }
                });
        if (keys.enabled()) {
            AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(ApiKeyAuthentication.provider(keys)),
                    ApiKeyAuthentication.converter());
            bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));
            bearer.setSuccessHandler((request, response, authentication) -> { /* go on down the chain */ });
            bearer.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
            http.addFilterAt(bearer, BasicAuthenticationFilter.class);
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain controlPlane(HttpSecurity http, AdminAccount admin, ControlPlaneAccess access, SecurityProperties properties,
            LoginThrottle throttle, AuditLog audit, CookieCsrfTokenRepository csrfTokens, SignInMachinery signIn) throws Exception {
        LoginFilter login = new LoginFilter(signIn.authenticationManager(), admin, throttle, properties);
        login.setSessionAuthenticationStrategy(signIn.sessionStrategy());
        login.setSecurityContextRepository(signIn.contextRepository());

        http.csrf(csrf -> csrf
                        .csrfTokenRepository(csrfTokens)
                        // the raw cookie value goes back in the header (the dashboard is a script, not a server-rendered form)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(request -> admin.passwordSet()
                                && !ControlPlaneAccess.SAFE_METHODS.contains(request.getMethod())))
                .securityContext(c -> c.securityContextRepository(signIn.contextRepository()))
                // HSTS would bind every port of this host name to HTTPS in the browser (other LAN services included);
                // TLS policy belongs to the proxy that terminates it (StartOS)
                .headers(headers -> headers.httpStrictTransportSecurity(hsts -> hsts.disable()))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(logout -> logout
                        .logoutRequestMatcher(PATHS.matcher(HttpMethod.POST, "/api/auth/logout"))
                        .deleteCookies("JSESSIONID")
                        .logoutSuccessHandler((request, response, authentication) -> response.setStatus(204)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(new SignInRequired())
                        .accessDeniedHandler(new ControlPlaneDenied(access)))
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .anyRequest().access(access))
                // in this order, right after the context is loaded: stale sessions dropped, then every action audited
                .addFilterAfter(new PasswordGeneration(admin), SecurityContextHolderFilter.class)
                .addFilterAfter(new AuditFilter(audit, Clock.systemUTC()), SecurityContextHolderFilter.class)
                .addFilterBefore(new CrossSiteRefusal(), CsrfFilter.class)
                .addFilterAt(login, UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }
}
