package com.sparkcontrol.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.config.SparkControlProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The pin's decisions and its file in the data directory, without the application. */
class EmbeddingsPinStateTests {

    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    @TempDir
    Path root;

    DataDirectory data;

    @BeforeEach
    void dataDirectory() {
        SparkControlProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("spark-control.data-dir", root.toString())))
                .bindOrCreate("spark-control", SparkControlProperties.class);
        data = new DataDirectory(properties);
    }

    EmbeddingsPin pin() {
        return new EmbeddingsPin(data, JSON);
    }

    @Test
    void thePinSurvivesARestart() {
        assertThat(pin().admit("bge", 768, null)).isInstanceOf(EmbeddingsPin.Verdict.Pinned.class);

        EmbeddingsPin restarted = pin();
        assertThat(restarted.current()).hasValueSatisfying(p -> {
            assertThat(p.model()).isEqualTo("bge");
            assertThat(p.dimension()).isEqualTo(768);
        });
        assertThat(restarted.admit("e5", 1024, null)).isInstanceOf(EmbeddingsPin.Verdict.Refused.class);
        assertThat(restarted.admit("bge", 768, null)).isInstanceOf(EmbeddingsPin.Verdict.Accepted.class);
    }

    @Test
    void clearingForgetsItAcrossRestartsToo() {
        EmbeddingsPin pin = pin();
        pin.admit("bge", 768, null);
        assertThat(pin.clear()).isPresent();
        assertThat(pin().current()).isEmpty();
        assertThat(pin.clear()).isEmpty();
    }

    @Test
    void aCorruptPinFileIsSetAsideAndNothingIsPinned() throws Exception {
        Files.writeString(data.resolve(EmbeddingsPin.FILE), "{\"model\": \"bge\", \"dimension\": ");
        assertThat(pin().current()).isEmpty();
        try (var files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith(EmbeddingsPin.FILE + ".corrupt-"));
        }
    }

    @Test
    void answersToShorterRequestedVectorsAreJudgedByModelAlone() {
        EmbeddingsPin pin = pin();
        assertThat(pin.admit("bge", 256, 256)).isInstanceOf(EmbeddingsPin.Verdict.Pinned.class);
        assertThat(pin.current().orElseThrow().dimension()).isNull();
        assertThat(pin.admit("bge", 768, null)).isInstanceOf(EmbeddingsPin.Verdict.Accepted.class);
        assertThat(pin.current().orElseThrow().dimension()).as("completed by the first full-length answer").isEqualTo(768);
        assertThat(pin.admit("bge", 128, 128)).isInstanceOf(EmbeddingsPin.Verdict.Accepted.class);
        assertThat(pin.admit("other", 128, 128)).isInstanceOf(EmbeddingsPin.Verdict.Refused.class);
        assertThat(pin.admit("bge", 384, null)).isInstanceOf(EmbeddingsPin.Verdict.Refused.class);
    }

    @Test
    void anAnswerWithoutAModelNameIsJudgedByItsDimension() {
        EmbeddingsPin pin = pin();
        pin.admit(null, 768, null);
        assertThat(pin.admit("bge", 768, null)).isInstanceOf(EmbeddingsPin.Verdict.Accepted.class);
        assertThat(pin.current().orElseThrow().model()).isEqualTo("bge");
        assertThat(pin.admit(null, 768, null)).isInstanceOf(EmbeddingsPin.Verdict.Accepted.class);
        assertThat(pin.admit(null, 1024, null)).isInstanceOf(EmbeddingsPin.Verdict.Refused.class);
    }
}
