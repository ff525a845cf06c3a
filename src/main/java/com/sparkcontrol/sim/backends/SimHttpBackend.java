package com.sparkcontrol.sim.backends;

import com.sparkcontrol.sim.SimBackend;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the simulated GPU backends: a JDK {@link HttpServer} on loopback with a thread per request,
 * exact-path routing, per-endpoint counters and the slow/hung faults.
 *
 * <p>"Work" endpoints (generation, synthesis, transcription, diarization, embedding) are also counted as a
 * group: {@link #maxConcurrency()} is how many of them ran at once, which is what the gateway's guards
 * promise to bound. Health, model lists and metrics are counted per path only, so a health poller running
 * alongside never inflates the work high-water mark.
 */
public abstract class SimHttpBackend implements SimBackend {

    private static final Logger log = LoggerFactory.getLogger(SimHttpBackend.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Handles one routed request; an {@link IOException} means the client has gone. */
    @FunctionalInterface
    interface Handler {
        void handle(SimExchange exchange) throws IOException, InterruptedException;
    }

    private record Route(String method, boolean work, Handler handler) {
    }

    private final int port;
    private final String name;
    private final Map<String, Map<String, Route>> routes = new ConcurrentHashMap<>();
    private final Map<String, EndpointStats> stats = new ConcurrentHashMap<>();
    private final EndpointStats work = new EndpointStats();
    private final AtomicLong totalRequests = new AtomicLong();
    private final Map<String, byte[]> lastBodies = new ConcurrentHashMap<>();
    final WorkFaults faults = new WorkFaults();

    private HttpServer server; // guarded by this
    private ExecutorService executor; // guarded by this

    protected SimHttpBackend(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.name = name;
        this.port = port == 0 ? freeLoopbackPort() : port;
    }

    final void get(String path, Handler handler) {
        route("GET", path, false, handler);
    }

    final void post(String path, Handler handler) {
        route("POST", path, false, handler);
    }

    /** A POST that does GPU work: counted in the work group and subject to the slow/hung faults. */
    final void postWork(String path, Handler handler) {
        route("POST", path, true, handler);
    }

    private void route(String method, String path, boolean isWork, Handler handler) {
        routes.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).put(method, new Route(method, isWork, handler));
        stats.computeIfAbsent(path, p -> new EndpointStats());
    }

    @Override
    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "sim-" + name + "-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            created.setExecutor(pool);
            created.createContext("/", this::dispatch);
            created.start();
            server = created;
            executor = pool;
        } catch (IOException e) {
            throw new UncheckedIOException("simulated " + name + " cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** Closes the listener and every connection, and interrupts handlers so streams and hangs end now. */
    @Override
    public synchronized void down() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
    }

    @Override
    public synchronized boolean isUp() {
        return server != null;
    }

    @Override
    public int port() {
        return port;
    }

    /** Every request received, on any path (unknown paths included). */
    public long requestCount() {
        return totalRequests.get();
    }

    public long requestCount(String path) {
        return statsFor(path).requests();
    }

    /** The last JSON body a request to {@code path} carried (as UTF-8), if any came since construction or {@link #reset()}. */
    public Optional<String> lastRequestBody(String path) {
        byte[] body = lastBodies.get(path);
        return body == null ? Optional.empty() : Optional.of(new String(body, StandardCharsets.UTF_8));
    }

    /** Work requests running right now. */
    public int inFlight() {
        return work.inFlight();
    }

    public int inFlight(String path) {
        return statsFor(path).inFlight();
    }

    /** The most work requests that ran at the same time since construction or {@link #reset()}. */
    public int maxConcurrency() {
        return work.highWater();
    }

    public int maxConcurrency(String path) {
        return statsFor(path).highWater();
    }

    /** Work requests wait this long before they start (a slow GPU). */
    public void setResponseDelay(Duration delay) {
        faults.setDelay(delay);
    }

    /** Work requests are accepted and never answered until {@code hang(false)}, {@link #reset()} or {@link #down()}. */
    public void hang(boolean on) {
        faults.hang(on);
    }

    /** Zeroes the counters and clears every fault (subclasses clear their own too). */
    public void reset() {
        totalRequests.set(0);
        lastBodies.clear();
        work.reset();
        stats.values().forEach(EndpointStats::reset);
        faults.reset();
    }

    /** The unknown-path answer of a FastAPI server; backends on other frameworks override it. */
    void notFound(SimExchange exchange) throws IOException {
        exchange.sendJson(404, "{\"detail\":\"Not Found\"}");
    }

    void methodNotAllowed(SimExchange exchange) throws IOException {
        exchange.sendJson(405, "{\"detail\":\"Method Not Allowed\"}");
    }

    private void dispatch(HttpExchange raw) {
        SimExchange exchange = new SimExchange(raw, body -> lastBodies.put(raw.getRequestURI().getPath(), body));
        totalRequests.incrementAndGet();
        try {
            Map<String, Route> byMethod = routes.get(exchange.path());
            if (byMethod == null) {
                notFound(exchange);
                return;
            }
            Route route = byMethod.get(exchange.method());
            if (route == null) {
                methodNotAllowed(exchange);
                return;
            }
            run(route, exchange);
        } catch (IOException e) {
            log.debug("simulated {}: client went away on {}: {}", name, exchange.path(), e.toString());
        } catch (RuntimeException e) {
            log.warn("simulated {}: handler for {} failed", name, exchange.path(), e);
            answerInternalError(exchange);
        } finally {
            exchange.close();
        }
    }

    private void run(Route route, SimExchange exchange) throws IOException {
        EndpointStats endpoint = statsFor(exchange.path());
        endpoint.enter();
        exchange.onComplete(endpoint::exit);
        if (route.work()) {
            work.enter();
            exchange.onComplete(work::exit);
        }
        try {
            route.handler().handle(exchange);
        } catch (InterruptedException e) {
            // down() interrupts handlers: the connection is already closed, nothing left to answer
            Thread.currentThread().interrupt();
        } finally {
            exchange.complete();
        }
    }

    private void answerInternalError(SimExchange exchange) {
        if (exchange.responded()) {
            return;
        }
        try {
            exchange.sendText(500, "text/plain; charset=utf-8", "Internal Server Error");
        } catch (IOException | RuntimeException ignored) {
            // the client is gone as well
        }
    }

    private EndpointStats statsFor(String path) {
        EndpointStats endpoint = stats.get(path);
        if (endpoint == null) {
            throw new IllegalArgumentException(name + " has no endpoint " + path);
        }
        return endpoint;
    }

    /** Binds port 0 once to learn a free port, then releases it for {@link #up()} to bind for real. */
    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    @Override
    public String toString() {
        return "simulated " + name + " at " + baseUrl() + (isUp() ? " (up)" : " (down)");
    }
}
