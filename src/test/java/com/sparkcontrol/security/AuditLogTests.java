package com.sparkcontrol.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.config.SparkControlProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class AuditLogTests {

    @TempDir
    Path dir;

    AuditLog log(int limit) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        source.put("spark-control.data-dir", dir.toString());
        DataDirectory data = new DataDirectory(new Binder(source).bindOrCreate("spark-control", SparkControlProperties.class));
        return new AuditLog(data, new SecurityProperties(true, 5, 60, limit));
    }

    static AuditEntry entry(int n) {
        return new AuditEntry(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n), "admin@127.0.0.1", "POST /api/models/{id}/switch", "model-" + n, 202);
    }

    @Test
    void entriesSurviveARestartNewestFirst() {
        AuditLog first = log(10);
        first.record(entry(1));
        first.record(entry(2));

        assertThat(log(10).newest(10)).extracting(AuditEntry::target).containsExactly("model-2", "model-1");
    }

    @Test
    void theFileStaysBoundedAndKeepsTheNewest() throws Exception {
        AuditLog audit = log(10);
        for (int i = 0; i < 55; i++) {
            audit.record(entry(i));
        }
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl")).size()).isLessThan(20);
        assertThat(audit.newest(100)).hasSize(10).first().extracting(AuditEntry::target).isEqualTo("model-54");
        assertThat(log(10).newest(100)).hasSize(10).last().extracting(AuditEntry::target).isEqualTo("model-45");
    }

    @Test
    void aLineTornByACrashIsSkipped() throws Exception {
        AuditLog audit = log(10);
        audit.record(entry(1));
        Files.writeString(dir.resolve("audit.jsonl"), "{\"at\":\"2026-01-01T00:0", java.nio.file.StandardOpenOption.APPEND);

        assertThat(log(10).newest(10)).extracting(AuditEntry::target).containsExactly("model-1");
    }

    @Test
    void theFileIsForTheOwnerOnly() throws Exception {
        log(10).record(entry(1));
        assertThat(Files.getPosixFilePermissions(dir.resolve("audit.jsonl")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void hostileTargetsAreCutShortAndFreeOfControlCharacters() {
        String cleaned = AuditFilter.clean("spark2\nFAKE log line\r" + "x".repeat(500));
        assertThat(cleaned).doesNotContain("\n", "\r").hasSizeLessThanOrEqualTo(AuditFilter.MAX_TARGET + 1).endsWith("…");
    }
}
