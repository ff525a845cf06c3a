package com.sparkcontrol.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.apache.tomcat.util.http.Rfc6265CookieProcessor;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.ForwardedHeaderUtils;

/**
 * Every cookie Tomcat writes (the session's JSESSIONID above all) is {@code SameSite=Strict}, and {@code Secure} when
 * the browser reached us over HTTPS, also behind a TLS-terminating proxy such as StartOS's. Tomcat itself only looks
 * at its own connection for {@code Secure}, which is plain HTTP behind a proxy, so the forwarded headers
 * ({@code Forwarded}, {@code X-Forwarded-Proto}) are read here the way Spring's ForwardedHeaderFilter reads them.
 * Tomcat makes the session cookie HttpOnly by default.
 */
@Component
class SessionCookies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> context.setCookieProcessor(new ForwardedTlsCookieProcessor()));
    }

    static final class ForwardedTlsCookieProcessor extends Rfc6265CookieProcessor {

        ForwardedTlsCookieProcessor() {
            setSameSiteCookies("strict");
        }

        @Override
        public String generateHeader(Cookie cookie, HttpServletRequest request) {
            if (!cookie.getSecure() && request != null && reachedOverTls(request)) {
                Cookie secure = (Cookie) cookie.clone();
                secure.setSecure(true);
                return super.generateHeader(secure, request);
            }
            return super.generateHeader(cookie, request);
        }

        static boolean reachedOverTls(HttpServletRequest request) {
            if (request.isSecure()) {
                return true;
            }
            try {
                HttpHeaders headers = new ServletServerHttpRequest(request).getHeaders();
                URI uri = ForwardedHeaderUtils.adaptFromForwardedHeaders(URI.create(request.getRequestURL().toString()), headers).build().toUri();
                return "https".equalsIgnoreCase(uri.getScheme());
            } catch (RuntimeException e) {
                return false; // malformed forwarded headers: no claim of TLS
            }
        }
    }
}
