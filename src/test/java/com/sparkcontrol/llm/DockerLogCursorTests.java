package com.sparkcontrol.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.ssh.CommandResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerLogCursorTests {

    final DockerLogCursor cursor = new DockerLogCursor("vllm_node");

    static String stamped(String stamp, String text) {
        return stamp + " " + text + "\n";
    }

    List<String> texts(DockerLogCursor.Batch batch) {
        return batch.lines().stream().map(DockerLogCursor.Line::text).toList();
    }

    @Test
    void firstPollReadsEverythingThenAsksSinceTheLastTimestamp() {
        assertThat(cursor.nextCommand().line()).isEqualTo("docker logs --timestamps vllm_node");
        cursor.accept(new CommandResult(0, stamped("2026-11-29T08:00:00.100000000Z", "a") + stamped("2026-11-29T08:00:01.200000000Z", "b"), ""));
        assertThat(cursor.nextCommand().line()).isEqualTo("docker logs --timestamps --since 2026-11-29T08:00:01.200000000Z vllm_node");
    }

    @Test
    void linesAtTheBoundaryTimestampAreDeliveredOnceEvenWhenSeveralShareIt() {
        String t1 = "2026-11-29T08:00:00.100000000Z";
        String t2 = "2026-11-29T08:00:00.200000000Z";
        String t3 = "2026-11-29T08:00:00.300000000Z";
        List<String> delivered = new ArrayList<>();
        delivered.addAll(texts(cursor.accept(new CommandResult(0, stamped(t1, "one") + stamped(t2, "two") + stamped(t2, "two-bis"), ""))));
        // --since is inclusive: both t2 lines come back, plus a third t2 line and a new one written in between
        delivered.addAll(texts(cursor.accept(new CommandResult(0,
                stamped(t2, "two") + stamped(t2, "two-bis") + stamped(t2, "two-ter") + stamped(t3, "three"), ""))));
        delivered.addAll(texts(cursor.accept(new CommandResult(0, stamped(t3, "three"), ""))));
        assertThat(delivered).containsExactly("one", "two", "two-bis", "two-ter", "three");
    }

    @Test
    void stdoutAndStderrAreMergedInTimestampOrder() {
        DockerLogCursor.Batch batch = cursor.accept(new CommandResult(0,
                stamped("2026-11-29T08:00:00.1Z", "out-1") + stamped("2026-11-29T08:00:00.3Z", "out-3"),
                stamped("2026-11-29T08:00:00.2Z", "err-2")));
        assertThat(texts(batch)).containsExactly("out-1", "err-2", "out-3");
        assertThat(batch.lines().get(1).stderr()).isTrue();
    }

    @Test
    void progressBarsRedrawnWithCarriageReturnsShowTheirLastState() {
        DockerLogCursor.Batch batch = cursor.accept(new CommandResult(0,
                stamped("2026-11-29T08:00:00.1Z", "Loading: 10%\rLoading: 50%\rLoading: 90%\r"), ""));
        assertThat(texts(batch)).containsExactly("Loading: 90%");
    }

    @Test
    void dockersOwnErrorsAreKeptApartAndAMissingContainerIsRecognised() {
        DockerLogCursor.Batch batch = cursor.accept(new CommandResult(1, "", "Error response from daemon: No such container: vllm_node\n"));
        assertThat(batch.lines()).isEmpty();
        assertThat(batch.containerMissing()).isTrue();
        assertThat(cursor.nextCommand().line()).doesNotContain("--since");
    }
}
