package com.sparkcontrol.redaction;

import com.sparkcontrol.gateway.OpenAiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A {@code /redact/v1} or {@code POST /api/redact} request that announces a body larger than
 * {@code spark-control.redaction.max-body-size} gets 413 before anything reads it. Bodies without a length are
 * cut off at the limit by the steps that read them.
 */
@Configuration(proxyBeanMethods = false)
class RedactionRequestSizeLimit {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> redactionBodySizeFilter(RedactionProperties properties) {
        long max = properties.maxBodySize().toBytes();
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long length = request.getContentLengthLong();
                if (length <= max) {
                    chain.doFilter(request, response);
                    return;
                }
                String message = "The request body is " + length + " bytes; the limit is " + max
                        + " bytes (spark-control.redaction.max-body-size).";
                byte[] body = request.getRequestURI().startsWith(request.getContextPath() + "/redact/v1/")
                        ? OpenAiError.of(413, message).code("request_too_large").jsonBytes()
                        : ("{\"error\":\"payload too large\",\"detail\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
                response.setStatus(413);
                response.setContentType("application/json");
                response.setHeader("Connection", "close"); // do not read the rest of a body we refuse
                response.getOutputStream().write(body);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/redact/v1/*", "/api/redact");
        registration.setName("redactionRequestSizeLimit");
        return registration;
    }
}
