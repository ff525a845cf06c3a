package com.sparkcontrol.sim;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loopback server every command shim talks to. It reads one call per connection, records it, runs the
 * node's Java handler and streams the output back; when the client process dies mid-call it marks the call
 * gone so the handler stops (a cancelled {@code docker logs -f}, an aborted download).
 */
final class SimCommandServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimCommandServer.class);

    private final ServerSocket server;
    private final Function<String, SimulatedSpark> nodes;
    private final Consumer<RecordedCommand> recorder;
    private final ExecutorService workers = Executors.newCachedThreadPool(SimThreads.named("sim-cmd"));
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closed;

    SimCommandServer(Function<String, SimulatedSpark> nodes, Consumer<RecordedCommand> recorder) throws IOException {
        this.nodes = nodes;
        this.recorder = recorder;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        workers.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Handlers still running (a follower whose client died must not stay here). */
    int runningCalls() {
        return running.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                workers.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    log.warn("sim command server: accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            Header header = readHeader(in);
            SimulatedSpark node = nodes.apply(header.node);
            SimCommand command = node == null ? null : node.command(header.program());
            byte[] stdin = new byte[0];
            if (command != null && command.readsStdin(header.args())) {
                ShimFrames.write(out, ShimFrames.SEND_STDIN, new byte[0]);
                stdin = readStdin(in);
            } else {
                ShimFrames.write(out, ShimFrames.GO, new byte[0]);
            }
            recorder.accept(new RecordedCommand(Instant.now(), header.node, header.program(), header.args(),
                    stdin.length));
            Invocation call = new Invocation(node, header.program(), header.args(), Path.of(header.cwd),
                    header.env, stdin, out);
            if (command == null) {
                call.errLine("sim: " + header.program() + ": command not simulated on node '" + header.node + "'");
                call.exit(127);
                return;
            }
            workers.execute(() -> watchForHangup(in, call));
            running.incrementAndGet();
            try {
                call.exit(command.run(call));
            } finally {
                running.decrementAndGet();
            }
        } catch (ClientGoneException e) {
            // the caller was killed or its session dropped; nobody is left to answer
        } catch (Exception e) {
            if (!closed) {
                log.warn("sim command failed: {}", e.toString(), e);
            }
        }
    }

    /** After the header the client only sends again by closing: EOF here means its process is gone. */
    private static void watchForHangup(DataInputStream in, Invocation call) {
        try {
            while (in.read() >= 0) {
                // nothing else is expected from the client
            }
        } catch (IOException e) {
            // a reset connection means the same as EOF
        }
        call.markGone();
    }

    private static Header readHeader(DataInputStream in) throws IOException {
        String node = "";
        String cwd = "/";
        List<String> argv = new ArrayList<>();
        Map<String, String> env = new HashMap<>();
        while (true) {
            ShimFrames.Frame frame = ShimFrames.read(in);
            switch (frame.type()) {
                case ShimFrames.NODE -> node = frame.text();
                case ShimFrames.CWD -> cwd = frame.text();
                case ShimFrames.ARG -> argv.add(frame.text());
                case ShimFrames.ENV -> {
                    String kv = frame.text();
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        env.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                case ShimFrames.END_OF_HEADER -> {
                    if (argv.isEmpty()) {
                        throw new IOException("shim call without a program name");
                    }
                    return new Header(node, cwd, argv, env);
                }
                default -> throw new IOException("unexpected shim frame '" + frame.type() + "' in header");
            }
        }
    }

    private static byte[] readStdin(DataInputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        while (true) {
            ShimFrames.Frame frame = ShimFrames.read(in);
            if (frame.type() == ShimFrames.END_OF_STDIN) {
                return buffer.toByteArray();
            }
            if (frame.type() != ShimFrames.STDIN) {
                throw new IOException("unexpected shim frame '" + frame.type() + "' in stdin");
            }
            buffer.write(frame.payload());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
    }

    private record Header(String node, String cwd, List<String> argv, Map<String, String> env) {
        String program() {
            return argv.get(0);
        }

        List<String> args() {
            return argv.subList(1, argv.size());
        }
    }
}
