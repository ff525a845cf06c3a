package com.sparkcontrol.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A {@code /v1} request that announces a body larger than {@code spark-control.gateway.max-body-size} gets 413
 * (OpenAI envelope) before anything reads it or any backend is touched.
 */
@Configuration(proxyBeanMethods = false)
class RequestSizeLimit {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> gatewayRequestSizeLimit(GatewayProperties properties) {
        long max = properties.maxBodySize().toBytes();
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getContentLengthLong() > max) {
                    OpenAiError error = OpenAiError.of(413, "The request body is " + request.getContentLengthLong()
                            + " bytes; the limit is " + max + " bytes (spark-control.gateway.max-body-size).")
                            .code("request_too_large");
                    response.setStatus(413);
                    response.setContentType("application/json");
                    response.setHeader("Connection", "close"); // do not read the rest of a body we refuse
                    response.getOutputStream().write(error.jsonBytes());
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/v1/*");
        registration.setName("gatewayRequestSizeLimit");
        return registration;
    }
}
