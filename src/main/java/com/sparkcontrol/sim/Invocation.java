package com.sparkcontrol.sim;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One shim call as its Java handler sees it: who ran what where, its stdin, and a way to stream output back.
 * Writes are flushed at once; once the client is gone every write or {@link #pause} throws
 * {@link ClientGoneException}, so a follower or a download stops as the real program would.
 */
final class Invocation {

    private final SimulatedSpark node;
    private final String program;
    private final List<String> args;
    private final Path cwd;
    private final Map<String, String> env;
    private final byte[] stdin;
    private final DataOutputStream out;
    private volatile boolean gone;

    Invocation(SimulatedSpark node, String program, List<String> args, Path cwd, Map<String, String> env,
            byte[] stdin, DataOutputStream out) {
        this.node = node;
        this.program = program;
        this.args = List.copyOf(args);
        this.cwd = cwd;
        this.env = Map.copyOf(env);
        this.stdin = stdin;
        this.out = out;
    }

    SimulatedSpark node() {
        return node;
    }

    String program() {
        return program;
    }

    List<String> args() {
        return args;
    }

    Path cwd() {
        return cwd;
    }

    /** The few environment variables the client forwards (HF_TOKEN, HF_HOME, …); never recorded. */
    String env(String name) {
        return env.get(name);
    }

    byte[] stdin() {
        return stdin;
    }

    /** A path argument as the program would open it: relative to the caller's working directory. */
    Path resolve(String path) {
        return cwd.resolve(path).normalize();
    }

    void out(String text) {
        send(ShimFrames.STDOUT, text);
    }

    void outLine(String line) {
        out(line + "\n");
    }

    void err(String text) {
        send(ShimFrames.STDERR, text);
    }

    void errLine(String line) {
        err(line + "\n");
    }

    void markGone() {
        gone = true;
    }

    /** Throws once the client is gone; long loops call it between steps. */
    void checkAlive() {
        if (gone) {
            throw new ClientGoneException();
        }
    }

    /** Sleeps, waking early (with {@link ClientGoneException}) when the client goes away. */
    void pause(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            checkAlive();
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(left, 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientGoneException();
            }
        }
    }

    void exit(int code) {
        try {
            synchronized (out) {
                ShimFrames.write(out, ShimFrames.EXIT, Integer.toString(code).getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            gone = true;
            throw new ClientGoneException();
        }
    }

    private void send(char type, String text) {
        checkAlive();
        if (text.isEmpty()) {
            return;
        }
        try {
            synchronized (out) {
                ShimFrames.write(out, type, text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            gone = true;
            throw new ClientGoneException();
        }
    }
}
