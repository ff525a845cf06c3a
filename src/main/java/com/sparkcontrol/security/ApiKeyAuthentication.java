package com.sparkcontrol.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Data-plane authentication with Spring Security's {@code AuthenticationFilter}: the converter reads
 * {@code Authorization: Bearer <key>}, the provider checks it against {@link ApiKeys}. The key never leaves this
 * token: it is not the principal, not in any message, and erased once checked.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    static final String PRINCIPAL = "api-key";
    private static final String BEARER = "bearer ";

    private String key;

    private ApiKeyAuthentication(String key, boolean authenticated) {
        super(authenticated ? AuthorityUtils.createAuthorityList("ROLE_API") : List.of());
        this.key = key;
        setAuthenticated(authenticated);
    }

    @Override
    public Object getCredentials() {
        return key;
    }

    @Override
    public Object getPrincipal() {
        return PRINCIPAL;
    }

    @Override
    public void eraseCredentials() {
        key = null;
    }

    /** Reads the key from the request; no Authorization header means no attempt (the request is then anonymous). */
    static AuthenticationConverter converter() {
        return (HttpServletRequest request) -> {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null) {
                return null;
            }
            if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new BadCredentialsException("the Authorization header must be 'Bearer <API key>'");
            }
            return new ApiKeyAuthentication(header.substring(BEARER.length()).strip(), false);
        };
    }

    static AuthenticationProvider provider(ApiKeys keys) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                if (!keys.accepts((String) authentication.getCredentials())) {
                    throw new BadCredentialsException("Incorrect API key provided");
                }
                return new ApiKeyAuthentication(null, true);
            }

            @Override
            public boolean supports(Class<?> type) {
                return ApiKeyAuthentication.class.isAssignableFrom(type);
            }
        };
    }
}
