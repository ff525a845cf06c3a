package com.sparkcontrol.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/** {@code max-body-size}: announced bodies are refused up front, bodies without a length are cut while read. */
class RequestSizeLimitTests {

    static final int MAX = 1024;

    @Test
    void aBodyWithinTheLimitPassesThroughWhole() throws Exception {
        byte[] body = json(MAX - 10);
        assertThat(readThroughFilter(chunked(body))).isEqualTo(body);
    }

    @Test
    void anAnnouncedBodyOverTheLimitIs413AndNeverRead() throws Exception {
        MockHttpServletRequest request = post(json(MAX + 1));
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter(request, response, chain);
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.getContentAsString()).contains("\"code\":\"request_too_large\"");
        assertThat(chain.getRequest()).as("nothing behind the filter ran").isNull();
    }

    @Nested
    class WithoutAContentLength {

        @Test
        void readingPastTheLimitFails() {
            assertThatThrownBy(() -> readThroughFilter(chunked(json(MAX + 1))))
                    .isInstanceOf(RequestSizeLimit.TooLarge.class);
        }

        @Test
        void aJsonBodyOverTheLimitIs413WithTheConnectionClosed() throws Exception {
            AtomicReference<ServletRequest> capped = new AtomicReference<>();
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter(chunked(json(MAX + 1)), response, (req, res) -> capped.set(req));
            CallRecord call = new CallRecord("POST", "/v1/chat/completions", (jakarta.servlet.http.HttpServletRequest) capped.get(), response);
            Exchange exchange = new DefaultExchange(new DefaultCamelContext());
            exchange.setProperty(CallRecord.PROPERTY, call);
            assertThatThrownBy(() -> new ReadOpenAiRequest(new ObjectMapper()).process(exchange))
                    .isInstanceOfSatisfying(OpenAiFailure.class, failure -> {
                        assertThat(failure.status()).isEqualTo(413);
                        assertThat(failure.error().errorObject()).containsEntry("code", "request_too_large");
                    });
            assertThat(response.getHeader("Connection")).isEqualTo("close");
        }
    }

    // --- fixtures ---

    private static byte[] readThroughFilter(MockHttpServletRequest request) throws Exception {
        AtomicReference<byte[]> read = new AtomicReference<>();
        AtomicReference<IOException> failure = new AtomicReference<>();
        filter(request, new MockHttpServletResponse(), (req, res) -> {
            try {
                read.set(req.getInputStream().readAllBytes());
            } catch (IOException e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return read.get();
    }

    private static void filter(MockHttpServletRequest request, MockHttpServletResponse response, jakarta.servlet.FilterChain chain)
            throws Exception {
        new RequestSizeLimit().gatewayRequestSizeLimit(properties()).getFilter().doFilter(request, response, chain);
    }

    private static MockHttpServletRequest post(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/chat/completions");
        request.setContentType("application/json");
        request.setContent(body);
        return request;
    }

    /** A request whose body comes without a Content-Length, as a chunked upload does. */
    private static MockHttpServletRequest chunked(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/chat/completions") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContentType("application/json");
        request.setContent(body);
        return request;
    }

    private static byte[] json(int size) {
        StringBuilder text = new StringBuilder("{\"messages\":[{\"role\":\"user\",\"content\":\"");
        while (text.length() < size - 4) {
            text.append('x');
        }
        return text.append("\"}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static GatewayProperties properties() {
        Duration s = Duration.ofSeconds(1);
        return new GatewayProperties(GatewayProperties.DuringSwap.REFUSE, s, s,
                new GatewayProperties.FirstByteTimeout(s, s, s, s, s), s, s, DataSize.ofBytes(MAX), Duration.ofSeconds(5), Map.of());
    }
}
