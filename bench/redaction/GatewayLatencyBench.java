// Added latency of the redaction gateway (/redact/v1) over the plain gateway (/v1), one Spark Control, one run.
// Run through gateway.sh, which starts the backend and Spark Control.
//   java GatewayLatencyBench.java backend PORT      vLLM-shaped chat completions on 127.0.0.1:PORT that echo the last
//                                                   user message back as the answer (so placeholders come back too)
//   java GatewayLatencyBench.java load BASE_URL [CALLS [PID]]
//                                                   prints markdown tables; with PID also the CPU time that process
//                                                   spends per call on each path
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;

public class GatewayLatencyBench {

    // Prose of a support conversation with the dates, versions, order numbers and amounts real prompts carry.
    static final String[] PROSE = {
        "Thanks for getting back to me so quickly about the delayed shipment.",
        "The order 48213377 was placed on 2024-10-15 and the invoice INV-000123456 shows 1,299.00 EUR.",
        "We upgraded the client to version 2.4.1 last week, and since then the export fails after about 30 seconds.",
        "Could you summarise the thread below in three bullet points and list the open questions at the end?",
        "The meeting notes say the budget for phase 3.2 was approved, see section 4.1 of the plan.",
        "Latency dropped from 420 ms to 35 ms after enabling the cache, and throughput rose by 12.5 percent.",
    };
    // Six values (email, phone, IBAN, card, IP address, API key); each appears once in a 4 kB prompt.
    static final String[] PII = {
        "Please reply to jane.doe@example.com or call +49 30 12345678.",
        "The refund goes to IBAN DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111 must not be charged again.",
        "Our VPN gateway is 203.0.113.42 and the staging key is ghp_abcdefghijklmnopqrstuvwxyz0123456789.",
    };

    public static void main(String[] args) throws Exception {
        if (args[0].equals("backend")) {
            backend(Integer.parseInt(args[1]));
        } else {
            load(args[1], args.length > 2 ? Integer.parseInt(args[2]) : 3000, args.length > 3 ? Long.parseLong(args[3]) : -1);
            System.exit(0);
        }
    }

    // ---------------- backend ----------------
    static void backend(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/health", x -> send(x, "{}"));
        server.createContext("/v1/models", x -> send(x, "{\"object\":\"list\",\"data\":[{\"id\":\"bench\",\"object\":\"model\","
                + "\"created\":1,\"owned_by\":\"vllm\",\"max_model_len\":32768}]}"));
        server.createContext("/v1/chat/completions", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // the content of the last message, still JSON-escaped: echoed as the answer's content
            int at = body.lastIndexOf("\"content\":\"") + 11;
            int end = at;
            while (body.charAt(end) != '"') end += body.charAt(end) == '\\' ? 2 : 1;
            send(x, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + body.substring(at, end) + "\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":900,\"total_tokens\":1800}}");
        });
        server.start();
        System.out.println("redaction bench backend on " + port);
    }

    static void send(com.sun.net.httpserver.HttpExchange x, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    // ---------------- load ----------------
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A user message of about {@code bytes} UTF-8 bytes: prose, with each PII sentence once when {@code withPii}. */
    static String prompt(int bytes, boolean withPii) {
        StringBuilder text = new StringBuilder();
        int prose = 0;
        int pii = 0;
        while (text.length() < bytes) {
            boolean piiNext = withPii && pii < PII.length && text.length() >= (pii + 1) * bytes / (PII.length + 1);
            text.append(piiNext ? PII[pii++] : PROSE[prose++ % PROSE.length]).append(' ');
        }
        return text.substring(0, bytes).strip();
    }

    static String chat(String userText) {
        return "{\"model\":\"bench\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful support assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"" + userText.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}],\"max_tokens\":1024}";
    }

    static double call(HttpRequest request, String mustContain) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - t0) / 1e6;
        if (response.statusCode() != 200 || !response.body().contains(mustContain)) {
            throw new IllegalStateException("unexpected answer " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return millis;
    }

    static double p(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q / 100 * sorted.length) - 1)];
    }

    /** Plain and redaction calls alternated (order swapped every round) so both see the same machine load. */
    static void compare(String base, String label, String userText, String expected, int rounds, StringBuilder out) throws Exception {
        String body = chat(userText);
        HttpRequest plain = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpRequest redacted = HttpRequest.newBuilder(URI.create(base + "/redact/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < rounds / 2; i++) { // warm-up: JIT of both paths, connection pool
            call(plain, expected);
            call(redacted, expected);
        }
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        double[] diff = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 0) {
                a[i] = call(plain, expected);
                b[i] = call(redacted, expected);
            } else {
                b[i] = call(redacted, expected);
                a[i] = call(plain, expected);
            }
            diff[i] = b[i] - a[i];
        }
        Arrays.sort(a);
        Arrays.sort(b);
        Arrays.sort(diff);
        out.append(String.format(Locale.ROOT, "| %s | /v1 (plain) | %.3f | %.3f | %.3f |%n", label, p(a, 50), p(a, 90), p(a, 99)));
        out.append(String.format(Locale.ROOT, "| %s | /redact/v1 | %.3f | %.3f | %.3f |%n", label, p(b, 50), p(b, 90), p(b, 99)));
        out.append(String.format(Locale.ROOT, "| %s | **added** (p50 of the paired differences; p50 vs p50) | **%.3f** | | |%n",
                label, p(diff, 50)));
        out.append(String.format(Locale.ROOT, "| %s | added, p50 vs p50 / p90 vs p90 / p99 vs p99 | %.3f | %.3f | %.3f |%n",
                label, p(b, 50) - p(a, 50), p(b, 90) - p(a, 90), p(b, 99) - p(a, 99)));
    }

    /** User plus system CPU time of a process in milliseconds (/proc/PID/stat, clock ticks of 10 ms). */
    static double cpuMillis(long pid) throws IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0; // utime, stime (fields 14, 15)
    }

    /** The gateway process's CPU time per call on each path: blocks of calls, alternated, median of five blocks each. */
    static void cpu(String base, long pid, String label, String userText, String expected, int calls, StringBuilder out) throws Exception {
        String body = chat(userText);
        HttpRequest plain = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpRequest redacted = HttpRequest.newBuilder(URI.create(base + "/redact/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        double[] a = new double[5];
        double[] b = new double[5];
        for (int block = 0; block < 5; block++) {
            double start = cpuMillis(pid);
            for (int i = 0; i < calls; i++) call(plain, expected);
            double middle = cpuMillis(pid);
            for (int i = 0; i < calls; i++) call(redacted, expected);
            a[block] = (middle - start) / calls;
            b[block] = (cpuMillis(pid) - middle) / calls;
        }
        Arrays.sort(a);
        Arrays.sort(b);
        out.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | **%.3f** |%n", label, a[2], b[2], b[2] - a[2]));
    }

    static void load(String base, int rounds, long pid) throws Exception {
        String withPii = prompt(4096, true);
        String withoutPii = prompt(4096, false);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "One client, %d calls per path after %d warm-up calls each, plain and redaction "
                + "calls alternated; user message %d bytes (+ a short system message); the backend echoes the user message "
                + "as the answer, so the redaction gateway restores every placeholder in a 4 kB answer.%n%n",
                rounds, rounds / 2, withPii.getBytes(StandardCharsets.UTF_8).length));
        out.append("| prompt | path | p50 ms | p90 ms | p99 ms |\n|---|---|---:|---:|---:|\n");
        compare(base, "4 kB with PII", withPii, "jane.doe@example.com", rounds, out);
        compare(base, "4 kB, no PII", withoutPii, "order 48213377", rounds, out);
        if (pid > 0) {
            out.append(String.format(Locale.ROOT, "%nCPU time of the Spark Control process per call (5 blocks of %d calls per path, "
                    + "alternated; median block), which other processes on the machine do not inflate:%n%n", rounds / 5));
            out.append("| prompt | /v1 CPU ms per call | /redact/v1 CPU ms per call | added CPU ms |\n|---|---:|---:|---:|\n");
            cpu(base, pid, "4 kB with PII", withPii, "jane.doe@example.com", rounds / 5, out);
            cpu(base, pid, "4 kB, no PII", withoutPii, "order 48213377", rounds / 5, out);
        }
        System.out.println(out);
    }
}
