package com.sparkcontrol.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.gateway.OpenAiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What Tomcat answers by itself, before any Spring code runs (a URL with an encoded {@code /} or NUL, a request line
 * longer than the header limit, …), is JSON too: {@code {"error","detail"}}, or the OpenAI envelope under {@code /v1}.
 * Tomcat's own report is an HTML page naming the server; hostile requests are exactly the ones that end up here.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable failure) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? "error" : known.getReasonPhrase().toLowerCase();
        String uri = request.getDecodedRequestURI();
        try {
            Object body = uri != null && (uri.startsWith("/v1/") || uri.startsWith("/redact/v1/"))
                    ? OpenAiError.of(status, "the request was refused: " + reason).body()
                    : new ApiError(reason, "the request was refused before reaching Spark Control (malformed or oversized URL or headers)");
            byte[] bytes = JSON.writeValueAsBytes(body);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: the status alone must do
        }
    }

    /** Makes the host use this valve instead of Tomcat's HTML one. */
    @Component
    static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                }
            });
        }
    }
}
