// Spark Control gateway benchmark: a vLLM-shaped loopback backend and a load generator in one file.
// Run through run.sh, which starts the backend, Spark Control and nginx, then compares them in one run.
//   java Bench.java backend PORT                      OpenAI-shaped chat completions (JSON and SSE) on 127.0.0.1:PORT
//   java Bench.java load NAME BASE_URL [RSS_PID]      prints one markdown block of measurements for BASE_URL
import com.sun.net.httpserver.HttpServer;
import java.io.*;
import java.net.*;
import java.net.http.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public class Bench {
    static final String CHAT = "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":16}";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("backend")) backend(Integer.parseInt(args[1]));
        else {
            load(args[1], args[2], args.length > 3 ? Long.parseLong(args[3]) : -1);
            System.exit(0); // the client's pools are not daemon threads
        }
    }

    // ---------------- backend ----------------
    static void backend(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/models", x -> {
            send(x, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"bench\",\"object\":\"model\",\"created\":1,\"owned_by\":\"vllm\",\"max_model_len\":4096}]}");
        });
        server.createContext("/health", x -> send(x, 200, "{}"));
        server.createContext("/v1/chat/completions", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.contains("\"stream\":true")) {
                send(x, 200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello from the bench backend.\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":6,\"total_tokens\":9}}");
                return;
            }
            int events = intParam(x, "events", 20);
            long intervalMs = intParam(x, "interval", 20);
            x.getResponseHeaders().set("Content-Type", "text/event-stream");
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < events; i++) {
                    if (i > 0) Thread.sleep(intervalMs);
                    Instant now = Instant.now();
                    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
                    out.write(("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"sent_us\":" + micros
                            + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok\"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException | InterruptedException e) {
                // client left
            }
        });
        server.start();
        System.out.println("bench backend on " + port);
    }

    static int intParam(com.sun.net.httpserver.HttpExchange x, String name, int dflt) {
        String q = x.getRequestURI().getQuery();
        if (q == null) return dflt;
        for (String kv : q.split("&")) if (kv.startsWith(name + "=")) return Integer.parseInt(kv.substring(name.length() + 1));
        return dflt;
    }

    static void send(com.sun.net.httpserver.HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    // ---------------- load ----------------
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(8)).build();

    static void load(String name, String base, long rssPid) throws Exception {
        StringBuilder out = new StringBuilder("### " + name + " (" + base + ")\n\n");
        // warm-up: JIT, connection pools
        nonStreaming(base, 16, Duration.ofSeconds(4));
        out.append("| non-streaming | p50 ms | p99 ms | req/s | errors |\n|---|---|---|---|---|\n");
        for (int c : new int[] {1, 16, 64}) {
            Result r = nonStreaming(base, c, Duration.ofSeconds(8));
            out.append(String.format(Locale.ROOT, "| %d clients | %.3f | %.3f | %.0f | %d |%n", c, r.p(50), r.p(99), r.count / 8.0, r.errors.get()));
        }
        Stream s = streams(base, 1, 40, 20, 20);
        out.append(String.format(Locale.ROOT, "%n| streaming (1 client, 40 streams × 20 events, 20 ms apart) | p50 ms | p99 ms |%n|---|---|---|%n"
                + "| time to first event | %.3f | %.3f |%n| event delay (backend send → client receive) | %.3f | %.3f |%n",
                s.firstEvent.p(50), s.firstEvent.p(99), s.eventDelay.p(50), s.eventDelay.p(99)));
        AtomicLong maxRss = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        if (rssPid > 0) sampler.scheduleAtFixedRate(() -> maxRss.accumulateAndGet(rssKb(rssPid), Math::max), 0, 100, TimeUnit.MILLISECONDS);
        Stream many = streams(base, 500, 500, 40, 50);
        Thread.sleep(200);
        sampler.shutdownNow();
        out.append(String.format(Locale.ROOT, "%n| 500 concurrent streams (40 events, 50 ms apart) | value |%n|---|---|%n"
                + "| streams completed with [DONE] | %d / 500 |%n| errors | %d |%n| event delay p50 / p99 ms | %.3f / %.3f |%n",
                many.completed.get(), many.errors.get(), many.eventDelay.p(50), many.eventDelay.p(99)));
        if (rssPid > 0) out.append(String.format(Locale.ROOT, "| peak resident memory of the proxy process | %d MB |%n", maxRss.get() / 1024));
        System.out.println(out);
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        } catch (IOException e) { }
        return 0;
    }

    static final class Result {
        final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger errors = new AtomicInteger();
        int count;
        double p(double q) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q / 100 * sorted.size()) - 1));
        }
    }

    static Result nonStreaming(String base, int clients, Duration length) throws Exception {
        Result r = new Result();
        long end = System.nanoTime() + length.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CHAT)).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) pool.submit(() -> {
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) r.errors.incrementAndGet();
                    else r.millis.add((System.nanoTime() - t0) / 1e6);
                } catch (Exception e) { r.errors.incrementAndGet(); }
            }
            return null;
        });
        pool.shutdown();
        pool.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);
        r.count = r.millis.size();
        return r;
    }

    static final class Stream {
        final Result firstEvent = new Result();
        final Result eventDelay = new Result();
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
    }

    static Stream streams(String base, int clients, int total, int events, int intervalMs) throws Exception {
        Stream s = new Stream();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions?events=" + events + "&interval=" + intervalMs))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.replace("{", "{\"stream\":true,"))).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger remaining = new AtomicInteger(total);
        CountDownLatch started = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) pool.submit(() -> {
            started.countDown();
            started.await();
            while (remaining.getAndDecrement() > 0) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) { s.errors.incrementAndGet(); response.body().close(); continue; }
                    BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                    boolean first = true, done = false;
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (!line.startsWith("data: ")) continue;
                        if (line.equals("data: [DONE]")) { done = true; continue; }
                        Instant now = Instant.now();
                        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
                        int at = line.indexOf("\"sent_us\":");
                        if (at < 0) { s.errors.incrementAndGet(); continue; }
                        long sent = Long.parseLong(line.substring(at + 10, line.indexOf(',', at)));
                        if (first) { s.firstEvent.millis.add((System.nanoTime() - t0) / 1e6); first = false; }
                        s.eventDelay.millis.add((micros - sent) / 1000.0);
                    }
                    if (done) s.completed.incrementAndGet(); else s.errors.incrementAndGet();
                } catch (Exception e) { s.errors.incrementAndGet(); }
            }
            return null;
        });
        pool.shutdown();
        pool.awaitTermination(600, TimeUnit.SECONDS);
        return s;
    }
}
