package com.sparkcontrol.security;

import com.sparkcontrol.web.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses state-changing control-plane calls that a browser says come from another site, with or without an admin
 * password (the CSRF token covers the password case; this also covers the first run, when a web page could
 * otherwise swap models or set the password through a LAN user's browser). Browsers send {@code Origin} on such
 * calls and {@code Sec-Fetch-Site} over HTTPS; tools such as curl send neither and are not affected.
 */
final class CrossSiteRefusal extends OncePerRequestFilter {

    static final ApiError BODY = new ApiError("cross-site request refused",
            "state-changing calls are accepted only from the dashboard's own origin");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        if (!ControlPlaneAccess.SAFE_METHODS.contains(request.getMethod()) && crossSite(request)) {
            JsonResponse.write(response, 403, BODY);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean crossSite(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String originAuthority = authority(origin);
        if (originAuthority == null) {
            return true; // "null" (sandboxed frames, file: pages) or garbage
        }
        String scheme = URI.create(origin).getScheme();
        return !(originAuthority.equals(withPort(request.getHeader("Host"), scheme))
                || originAuthority.equals(withPort(firstValue(request.getHeader("X-Forwarded-Host")), scheme))
                || originAuthority.equals(withPort(request.getServerName() + ":" + request.getServerPort(), scheme)));
    }

    private static String authority(String origin) {
        try {
            URI uri = URI.create(origin.strip());
            if (uri.getHost() == null || uri.getScheme() == null) {
                return null;
            }
            return withPort(uri.getRawAuthority(), uri.getScheme());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code host[:port]} → {@code host:port}, lower case, the scheme's default port filled in. */
    private static String withPort(String hostAndPort, String scheme) {
        if (hostAndPort == null || hostAndPort.isBlank() || scheme == null) {
            return null;
        }
        String value = hostAndPort.strip().toLowerCase(Locale.ROOT);
        boolean hasPort = value.startsWith("[") ? value.contains("]:") : value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':');
        return hasPort ? value : value + ":" + ("https".equalsIgnoreCase(scheme) ? 443 : 80);
    }

    private static String firstValue(String header) {
        return header == null ? null : header.split(",")[0];
    }
}
