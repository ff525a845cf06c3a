package com.sparkcontrol.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code spark-control.gateway.max-body-size} on {@code /v1}: a request that announces a larger body gets 413
 * (OpenAI envelope) before anything reads it or any backend is touched; a body sent without a length (chunked)
 * is counted while it is read, and reading past the cap fails with {@link TooLarge}, which the gateway answers
 * with 413 (whole JSON bodies) or which aborts the upload to the backend (streamed bodies).
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
                long announced = request.getContentLengthLong();
                if (announced > max) {
                    response.setStatus(413);
                    response.setContentType("application/json");
                    response.setHeader("Connection", "close"); // do not read the rest of a body we refuse
                    response.getOutputStream().write(tooLarge(announced + " bytes", max).jsonBytes());
                    return;
                }
                chain.doFilter(announced >= 0 ? request : new CappedRequest(request, max), response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/v1/*");
        registration.setName("gatewayRequestSizeLimit");
        return registration;
    }

    static OpenAiError tooLarge(String size, long max) {
        return OpenAiError.of(413, "The request body is " + size + "; the limit is " + max
                + " bytes (spark-control.gateway.max-body-size).").code("request_too_large");
    }

    /** Reading a body past the cap; carries the 413 to answer. */
    static final class TooLarge extends IOException {
        private final transient OpenAiError error;

        TooLarge(long max) {
            this(tooLarge("larger than the limit", max));
        }

        private TooLarge(OpenAiError error) {
            super(error.message());
            this.error = error;
        }

        OpenAiError error() {
            return error;
        }
    }

    /** A request whose body (of unknown length) may be read only up to {@code max} bytes. */
    private static final class CappedRequest extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream capped;

        CappedRequest(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (capped == null) {
                capped = new CappedInputStream(super.getInputStream(), max);
            }
            return capped;
        }
    }

    private static final class CappedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long read;

        CappedInputStream(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > max) {
                throw new TooLarge(max);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
