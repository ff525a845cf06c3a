package com.sparkcontrol.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sparkcontrol.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The audit log of control actions, {@code <data>/audit.jsonl}: one JSON object a line, appended as actions end.
 * It is bounded: when the file holds twice {@code spark-control.security.audit-limit} lines it is rewritten
 * atomically with the newest {@code audit-limit}. A torn last line (a crash mid-append) is skipped when read.
 */
@Component
public class AuditLog {

    static final String FILE = "audit.jsonl";
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final DataDirectory dataDirectory;
    private final Path file;
    private final int limit;
    private final Deque<AuditEntry> recent = new ArrayDeque<>();
    private int linesInFile;

    AuditLog(DataDirectory dataDirectory, SecurityProperties properties) {
        this.dataDirectory = dataDirectory;
        this.file = dataDirectory.resolve(FILE);
        this.limit = properties.auditLimit();
        load();
    }

    public synchronized void record(AuditEntry entry) {
        recent.addLast(entry);
        while (recent.size() > limit) {
            recent.removeFirst();
        }
        try {
            if (linesInFile + 1 >= 2 * limit) {
                rewrite();
            } else {
                if (!Files.exists(file)) {
                    dataDirectory.writeAtomically(file, new byte[0], DataDirectory.OWNER_ONLY_FILE);
                }
                Files.write(file, line(entry), StandardOpenOption.APPEND, StandardOpenOption.WRITE);
                linesInFile++;
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not write the audit log {}: {}", file, e.getMessage());
        }
        log.info("audit: {} {} {} -> {}", entry.who(), entry.action(), entry.target() == null ? "" : entry.target(), entry.result());
    }

    /** The newest entries first, at most {@code max}. */
    public synchronized List<AuditEntry> newest(int max) {
        List<AuditEntry> out = new ArrayList<>(Math.min(max, recent.size()));
        var it = recent.descendingIterator();
        while (it.hasNext() && out.size() < max) {
            out.add(it.next());
        }
        return out;
    }

    private void rewrite() {
        dataDirectory.writeAtomically(file, out -> {
            for (AuditEntry e : recent) {
                out.write(line(e));
            }
        }, DataDirectory.OWNER_ONLY_FILE);
        linesInFile = recent.size();
    }

    private byte[] line(AuditEntry entry) throws IOException {
        byte[] body = json.writeValueAsBytes(entry);
        byte[] out = new byte[body.length + 1];
        System.arraycopy(body, 0, out, 0, body.length);
        out[body.length] = '\n';
        return out;
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                linesInFile++;
                try {
                    recent.addLast(json.readValue(line, AuditEntry.class));
                    if (recent.size() > limit) {
                        recent.removeFirst();
                    }
                } catch (IOException e) {
                    // a line torn by a crash mid-append: skipped, the next rewrite drops it
                }
            }
        } catch (IOException e) {
            log.warn("Could not read the audit log {} ({}); starting a new one", file, e.getMessage());
            dataDirectory.setAside(file);
            linesInFile = 0;
        }
    }
}
