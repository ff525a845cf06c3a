package com.sparkcontrol.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** How the route's answer reaches the client: length, flushing, and what a client that leaves causes. */
class ClientAnswerTests {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void stopCamel() throws Exception {
        CAMEL.close();
    }

    @Test
    void anAnswerOfKnownLengthGoesOutWithItsLengthUnflushed() {
        byte[] json = "{\"id\":\"chatcmpl-1\"}".getBytes(StandardCharsets.UTF_8);
        Chunks source = new Chunks(json);
        MockHttpServletResponse response = source.response = new MockHttpServletResponse();
        Exchange exchange = answer(source, "application/json");
        exchange.getMessage().setHeader(Exchange.CONTENT_LENGTH, (long) json.length);
        assertThat(new ClientAnswer().write(exchange, call(response))).isTrue();
        assertThat(response.getContentLength()).isEqualTo(json.length);
        assertThat(response.getContentAsByteArray()).isEqualTo(json);
        assertThat(source.committedBeforeRead).as("no flush while copying: one write at the end").containsOnly(false);
        assertThat(source.closed).isTrue();
    }

    @Test
    void aStreamIsFlushedAsEachChunkArrives() throws Exception {
        Chunks source = new Chunks("data: 1\n\n".getBytes(StandardCharsets.UTF_8), "data: 2\n\n".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = source.response = new MockHttpServletResponse();
        assertThat(new ClientAnswer().write(answer(source, "text/event-stream"), call(response))).isTrue();
        assertThat(response.getContentAsString()).isEqualTo("data: 1\n\ndata: 2\n\n");
        assertThat(response.getHeader("Content-Length")).isNull();
        assertThat(source.committedBeforeRead).as("the first event was on its way before the second was read")
                .containsExactly(false, true, true);
    }

    @Test
    void aClientThatLeftClosesTheBackendBody() {
        Chunks source = new Chunks("data: 1\n\n".getBytes(StandardCharsets.UTF_8), "data: 2\n\n".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse gone = new MockHttpServletResponse() {
            @Override
            public ServletOutputStream getOutputStream() {
                return new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        throw new IOException("Broken pipe");
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {}
                };
            }
        };
        assertThat(new ClientAnswer().write(answer(source, "text/event-stream"), call(gone))).isFalse();
        assertThat(source.closed).as("closing the body is what aborts the backend request").isTrue();
    }

    @Test
    void aFailureThatEscapedTheRouteIsA500Envelope() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setException(new IllegalStateException("bug"));
        new ClientAnswer().write(exchange, call(response));
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("\"type\":\"server_error\"").doesNotContain("bug");
    }

    // --- fixtures ---

    private static Exchange answer(InputStream body, String contentType) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private static CallRecord call(MockHttpServletResponse response) {
        return new CallRecord("POST", "/v1/chat/completions", null, response);
    }

    /** A backend body arriving in the given chunks; notes whether the response was flushed before each read. */
    private final class Chunks extends InputStream {
        final List<Boolean> committedBeforeRead = new ArrayList<>();
        private final List<ByteArrayInputStream> chunks = new ArrayList<>();
        MockHttpServletResponse response;
        boolean closed;

        Chunks(byte[]... chunks) {
            for (byte[] chunk : chunks) {
                this.chunks.add(new ByteArrayInputStream(chunk));
            }
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            committedBeforeRead.add(committed());
            while (!chunks.isEmpty() && chunks.get(0).available() == 0) {
                chunks.remove(0);
            }
            return chunks.isEmpty() ? -1 : chunks.get(0).read(b, off, len);
        }

        @Override
        public int available() {
            return chunks.isEmpty() ? 0 : chunks.get(0).available();
        }

        @Override
        public void close() {
            closed = true;
        }

        private boolean committed() {
            return response != null && response.isCommitted();
        }
    }
}
