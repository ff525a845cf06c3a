package com.sparkcontrol.security;

import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Spring Security's firewall refuses URLs with encoded {@code ;}, {@code \}, {@code %25}, {@code //}, non-printable
 * characters and the like before any filter chain. Its default answer is {@code sendError}, which the error page
 * (routed through the same firewall) turns into an HTML page; this one answers 400 JSON straight away, without
 * repeating the URL.
 */
@Component
class JsonRequestRejected implements RequestRejectedHandler {

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected) throws IOException {
        String uri = request.getRequestURI();
        if (uri != null && (uri.startsWith("/v1/") || uri.startsWith("/redact/v1/"))) {
            JsonResponse.write(response, 400, OpenAiError.of(400, "the request URL was refused as unsafe").body());
        } else {
            JsonResponse.write(response, 400, new ApiError("bad request", "the request URL was refused as unsafe (encoded separators, control characters or similar)"));
        }
    }
}
