// Spark Control gateway benchmark: the load generator, plus a timestamping relay in front of the simulated vLLM.
// Run through run.sh, which starts the simulated backends (the app in the demo profile), Spark Control and nginx.
//   java Bench.java RELAY_PORT VLLM_PORT CHAT_MODEL EMBEDDINGS_MODEL NAME|CHAT_BASE|EMBEDDINGS_BASE|PID ...
// Every chat stream passes the relay (127.0.0.1:RELAY_PORT -> 127.0.0.1:VLLM_PORT), which notes when it hands each
// server-sent event on; the client notes when the event arrives. The difference is the per-event delay of whatever
// sits between relay and client (nothing for "direct"). One target per NAME|...; PID (or -) is the process whose
// resident memory is sampled during the 500 streams. The targets take turns in short slices (see measure). Prints
// markdown; bounded in time (6 to 15 minutes for three targets, most of it warm-up); exits when done.
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
    static final Map<String, Long> RELAYED = new ConcurrentHashMap<>(); // "chatcmpl-…#n" -> nanoTime handed on
    static String chatModel;
    static String embeddingsModel;

    public static void main(String[] args) throws Exception {
        int relayPort = Integer.parseInt(args[0]);
        int vllmPort = Integer.parseInt(args[1]);
        chatModel = args[2];
        embeddingsModel = args[3];
        relay(relayPort, vllmPort);
        List<Target> targets = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String[] t = args[i].split("\\|");
            targets.add(new Target(t[0], t[1], t[2], t[3].equals("-") ? -1 : Long.parseLong(t[3])));
        }
        List<Result> results = measure(targets);
        for (int i = 0; i < targets.size(); i++) System.out.println(details(results.get(i), targets.get(i)));
        summary(results);
        System.exit(0); // the HTTP client's and the relay's threads are not daemons
    }

    // ---------------- relay ----------------
    static void relay(int listenPort, int targetPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 1024);
        Thread acceptor = new Thread(() -> {
            while (true) {
                try {
                    Socket front = server.accept();
                    Socket back = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    front.setTcpNoDelay(true);
                    back.setTcpNoDelay(true);
                    Thread up = new Thread(() -> pipe(front, back, false));
                    Thread down = new Thread(() -> pipe(back, front, true));
                    up.setDaemon(true);
                    down.setDaemon(true);
                    up.start();
                    down.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "relay-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static void pipe(Socket from, Socket to, boolean noteEvents) {
        byte[] buffer = new byte[16384];
        StringBuilder carry = new StringBuilder();
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                long handedOn = System.nanoTime();
                out.write(buffer, 0, n);
                if (noteEvents) {
                    carry.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    noteEvents(carry, handedOn);
                }
            }
        } catch (IOException e) {
            // either side closed
        }
    }

    /** Notes the hand-on time of each complete "data: {...}" event in carry, keyed by its id and its index. */
    static final Map<String, AtomicInteger> RELAY_COUNTS = new ConcurrentHashMap<>();

    static void noteEvents(StringBuilder carry, long handedOn) {
        while (true) {
            int start = carry.indexOf("data: {");
            if (start < 0) {
                carry.delete(0, Math.max(0, carry.length() - 8));
                return;
            }
            int end = carry.indexOf("\n\n", start);
            if (end < 0) {
                carry.delete(0, start);
                return;
            }
            String id = idOf(carry.substring(start, end));
            if (id != null) {
                int index = RELAY_COUNTS.computeIfAbsent(id, k -> new AtomicInteger()).getAndIncrement();
                RELAYED.put(id + "#" + index, handedOn);
            }
            carry.delete(0, end + 2);
        }
    }

    static String idOf(String event) {
        int at = event.indexOf("\"id\":\"");
        if (at < 0) return null;
        int end = event.indexOf('"', at + 6);
        return end < 0 ? null : event.substring(at + 6, end);
    }

    // ---------------- load ----------------
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(8)).build();

    record NonStreaming(int clients, Samples latency, double perSecond, int errors) {}

    record Result(String name, List<NonStreaming> nonStreaming, Streams single, Streams many, long peakRssKb) {}

    record Target(String name, String chatBase, String embeddingsBase, long rssPid) {}

    static final int ROUNDS = 4;
    /** 12 × 5 single streams of 20 tokens: 1200 events per target, so p99 is not decided by a handful of events. */
    static final int STREAM_ROUNDS = 12;
    static final Duration SLICE = Duration.ofSeconds(2);

    /**
     * The targets take turns in short slices (round-robin) rather than one after the other: on a shared machine the
     * background load drifts over minutes, and interleaving gives each target the same share of it.
     */
    static List<Result> measure(List<Target> targets) throws Exception {
        int n = targets.size();
        for (Target t : targets) {
            warm(t);
        }
        int[] levels = {1, 16, 64};
        Samples[][] plain = new Samples[n][levels.length];
        for (int l = 0; l < levels.length; l++) {
            System.err.println("bench: " + levels[l] + " clients");
            for (int i = 0; i < n; i++) plain[i][l] = new Samples();
            for (int round = 0; round < ROUNDS; round++)
                for (int i = 0; i < n; i++) nonStreaming(targets.get(i).embeddingsBase, levels[l], SLICE, plain[i][l]);
        }
        System.err.println("bench: single streams");
        Streams[] single = new Streams[n];
        for (int i = 0; i < n; i++) single[i] = new Streams();
        for (int round = 0; round < STREAM_ROUNDS; round++)
            for (int i = 0; i < n; i++) streams(targets.get(i).chatBase, 1, 5, 20, single[i]);
        System.err.println("bench: 500 streams");
        for (Target t : targets) streams(t.chatBase, 500, 500, 2, new Streams()); // thread and connection pools at working size
        Streams[] many = new Streams[n];
        long[] rss = new long[n];
        for (int i = 0; i < n; i++) many[i] = new Streams();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                Target t = targets.get(i);
                AtomicLong maxRss = new AtomicLong();
                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                if (t.rssPid > 0) sampler.scheduleAtFixedRate(() -> maxRss.accumulateAndGet(rssKb(t.rssPid), Math::max), 0, 100, TimeUnit.MILLISECONDS);
                streams(t.chatBase, 500, 500, 40, many[i]);
                Thread.sleep(200);
                sampler.shutdownNow();
                rss[i] = t.rssPid > 0 ? Math.max(rss[i], maxRss.get()) : -1;
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<NonStreaming> levelResults = new ArrayList<>();
            for (int l = 0; l < levels.length; l++) {
                Samples r = plain[i][l];
                levelResults.add(new NonStreaming(levels[l], r, r.size() / (double) (ROUNDS * SLICE.toSeconds()), r.errors.get()));
            }
            results.add(new Result(targets.get(i).name, levelResults, single[i], many[i], rss[i]));
        }
        return results;
    }

    static final Map<String, Long> WARM_SECONDS = new ConcurrentHashMap<>();
    static final Duration WARM_MAX = Duration.ofSeconds(240);

    /**
     * Load until the target is in its steady state: rounds of embeddings calls (16 and 1 clients) and short streams,
     * at least 15 s, and for a JVM (its PID answers {@code jstat}) until a round's JIT compilation time stays under
     * 0.25 s, at most 4 minutes. On 2 cores the C2 compiler of a freshly started Spring app keeps one core busy for
     * a minute or more; measuring before it settles measures the compiler, not the proxy (docs/PERFORMANCE.md).
     */
    static void warm(Target t) throws Exception {
        System.err.println("bench: warming " + t.name);
        long start = System.nanoTime();
        double compiled = jitSeconds(t.rssPid);
        while (true) {
            nonStreaming(t.embeddingsBase, 16, Duration.ofSeconds(5), new Samples());
            nonStreaming(t.embeddingsBase, 1, Duration.ofSeconds(3), new Samples());
            streams(t.chatBase, 5, 10, 10, new Streams());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            double now = jitSeconds(t.rssPid);
            boolean settled = Double.isNaN(now) || now - compiled < 0.25;
            compiled = now;
            if ((settled && elapsed.toSeconds() >= 15) || elapsed.compareTo(WARM_MAX) > 0) {
                WARM_SECONDS.put(t.name, elapsed.toSeconds());
                System.err.println("bench: " + t.name + " warm after " + elapsed.toSeconds() + " s");
                return;
            }
        }
    }

    /** Total JIT compilation time of JVM {@code pid} in seconds ({@code jstat -compiler}), NaN when not a JVM. */
    static double jitSeconds(long pid) {
        if (pid <= 0) return Double.NaN;
        try {
            Process jstat = new ProcessBuilder("jstat", "-compiler", Long.toString(pid)).redirectErrorStream(true).start();
            List<String> lines = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (jstat.waitFor() != 0 || lines.size() < 2) return Double.NaN;
            return Double.parseDouble(lines.get(1).trim().split("\\s+")[3]); // Compiled Failed Invalid Time ...
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    static String details(Result r, Target t) {
        StringBuilder out = new StringBuilder("#### " + r.name + " (chat " + t.chatBase + ", embeddings " + t.embeddingsBase
                + "; warmed " + WARM_SECONDS.get(t.name) + " s)\n\n");
        out.append("| non-streaming (`POST /v1/embeddings`) | p50 ms | p99 ms | req/s | errors |\n|---|---|---|---|---|\n");
        for (NonStreaming n : r.nonStreaming) {
            out.append(String.format(Locale.ROOT, "| %d clients | %.3f | %.3f | %.0f | %d |%n", n.clients, n.latency.p(50), n.latency.p(99), n.perSecond, n.errors));
        }
        out.append(String.format(Locale.ROOT, "%n| streaming chat, 1 client, " + STREAM_ROUNDS * 5 + " streams of 20 tokens | p50 ms | p99 ms |%n|---|---|---|%n"
                + "| time to first event | %.3f | %.3f |%n| event delay (relay hands on → client has it) | %.3f | %.3f |%n",
                r.single.firstEvent.p(50), r.single.firstEvent.p(99), r.single.eventDelay.p(50), r.single.eventDelay.p(99)));
        out.append(String.format(Locale.ROOT, "%n| 500 concurrent streams of 40 tokens, twice | value |%n|---|---|%n"
                + "| streams completed with [DONE] | %d / 1000 |%n| errors | %d |%n| time to first event p50 / p99 ms | %.3f / %.3f |%n"
                + "| event delay p50 / p99 ms (%d events, %d unmatched) | %.3f / %.3f |%n",
                r.many.completed.get(), r.many.errors.get(), r.many.firstEvent.p(50), r.many.firstEvent.p(99),
                r.many.eventDelay.size(), r.many.unmatched.get(), r.many.eventDelay.p(50), r.many.eventDelay.p(99)));
        if (r.peakRssKb >= 0) out.append(String.format(Locale.ROOT, "| peak resident memory of the proxy process | %d MB |%n", r.peakRssKb / 1024));
        return out.toString();
    }

    /** Each proxy against the first target (direct), from this run's numbers. */
    static void summary(List<Result> results) {
        Result base = results.get(0);
        StringBuilder out = new StringBuilder("#### Added to the direct call (same run)\n\n| | ");
        for (Result r : results.subList(1, results.size())) out.append(r.name).append(" | ");
        out.append("\n|---|").append("---|".repeat(results.size() - 1)).append('\n');
        for (int i = 0; i < base.nonStreaming.size(); i++) {
            int c = base.nonStreaming.get(i).clients;
            int at = i;
            row(out, results, "non-streaming p50, " + c + " clients (ms)", r -> r.nonStreaming.get(at).latency.p(50) - base.nonStreaming.get(at).latency.p(50));
            row(out, results, "non-streaming p99, " + c + " clients (ms)", r -> r.nonStreaming.get(at).latency.p(99) - base.nonStreaming.get(at).latency.p(99));
            row(out, results, "throughput, " + c + " clients (× direct)", r -> r.nonStreaming.get(at).perSecond / base.nonStreaming.get(at).perSecond);
        }
        row(out, results, "time to first event p50, 1 client (ms)", r -> r.single.firstEvent.p(50) - base.single.firstEvent.p(50));
        row(out, results, "per-event delay p99, 1 client (ms)", r -> r.single.eventDelay.p(99) - base.single.eventDelay.p(99));
        row(out, results, "per-event delay p99, 500 streams (ms)", r -> r.many.eventDelay.p(99) - base.many.eventDelay.p(99));
        row(out, results, "500 streams: errors", r -> r.many.errors.get());
        row(out, results, "500 streams: peak RSS (MB)", r -> r.peakRssKb / 1024.0);
        System.out.println(out);
    }

    interface Metric { double of(Result r); }

    static void row(StringBuilder out, List<Result> results, String label, Metric metric) {
        out.append("| ").append(label).append(" | ");
        for (Result r : results.subList(1, results.size())) out.append(String.format(Locale.ROOT, "%.3f", metric.of(r))).append(" | ");
        out.append('\n');
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        } catch (IOException e) { }
        return 0;
    }

    static final class Samples {
        final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger errors = new AtomicInteger();
        int size() { return millis.size(); }
        double p(double q) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q / 100 * sorted.size()) - 1));
        }
    }

    static final AtomicBoolean ERROR_SHOWN = new AtomicBoolean();

    static void error(String base, String what) {
        if (ERROR_SHOWN.compareAndSet(false, true)) System.err.println("bench: first error (" + base + "): " + what);
    }

    static Samples nonStreaming(String base, int clients, Duration length, Samples r) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/embeddings")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + embeddingsModel + "\",\"input\":\"the quick brown fox\"}")).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) pool.submit(() -> {
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() == 200) r.millis.add((System.nanoTime() - t0) / 1e6);
                    else { r.errors.incrementAndGet(); error(base, response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8)); }
                } catch (Exception e) { r.errors.incrementAndGet(); error(base, e.toString()); }
            }
            return null;
        });
        pool.shutdown();
        pool.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);
        return r;
    }

    record Arrival(String key, long at) {}

    static final class Streams {
        final Samples firstEvent = new Samples();
        final Samples eventDelay = new Samples();
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger unmatched = new AtomicInteger(); // events the relay did not see (should stay 0)
    }

    /** {@code total} streamed chats of {@code tokens} tokens over {@code clients} concurrent clients. */
    static Streams streams(String base, int clients, int total, int tokens, Streams s) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + chatModel + "\",\"stream\":true,\"max_tokens\":" + tokens
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"count the sheep jumping over the fence tonight\"}]}")).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger remaining = new AtomicInteger(total);
        CountDownLatch started = new CountDownLatch(clients);
        List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>()); // joined with the relay's notes at the end
        for (int i = 0; i < clients; i++) pool.submit(() -> {
            started.countDown();
            started.await();
            while (remaining.getAndDecrement() > 0) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) {
                        s.errors.incrementAndGet();
                        error(base, response.statusCode() + " " + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
                        continue;
                    }
                    BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                    boolean done = false;
                    int index = 0;
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        long now = System.nanoTime();
                        if (!line.startsWith("data: ")) continue;
                        if (line.equals("data: [DONE]")) { done = true; continue; }
                        String id = idOf(line);
                        if (id == null || line.contains("\"error\"")) { s.errors.incrementAndGet(); error(base, line); continue; }
                        if (index == 0) s.firstEvent.millis.add((now - t0) / 1e6);
                        arrivals.add(new Arrival(id + "#" + index++, now));
                    }
                    if (done) s.completed.incrementAndGet(); else { s.errors.incrementAndGet(); error(base, "stream ended without [DONE]"); }
                } catch (Exception e) { s.errors.incrementAndGet(); error(base, e.toString()); }
            }
            return null;
        });
        pool.shutdown();
        pool.awaitTermination(600, TimeUnit.SECONDS);
        synchronized (arrivals) {
            for (Arrival arrival : arrivals) {
                Long handedOn = RELAYED.get(arrival.key);
                if (handedOn != null) s.eventDelay.millis.add((arrival.at - handedOn) / 1e6);
                else s.unmatched.incrementAndGet();
            }
        }
        return s;
    }
}
