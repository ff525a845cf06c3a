package com.sparkcontrol.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading model and dimension out of TEI's and vLLM's embeddings answers. */
class EmbeddingsAnswerTests {

    static Optional<EmbeddingsAnswer> read(String json) {
        return EmbeddingsAnswer.read(json.getBytes(StandardCharsets.UTF_8));
    }

    static String base64Floats(int count) {
        ByteBuffer bytes = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            bytes.putFloat(i * 0.5f);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    @Test
    void teiPutsTheModelAfterTheVectors() {
        assertThat(read("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"embedding\":[0.1,-0.2,3e-5],\"index\":0},"
                + "{\"object\":\"embedding\",\"embedding\":[1,2],\"index\":1}],\"model\":\"BAAI/bge-base-en-v1.5\","
                + "\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}"))
                .contains(new EmbeddingsAnswer("BAAI/bge-base-en-v1.5", 3));
    }

    @Test
    void vllmPutsItBefore() {
        assertThat(read("{\"id\":\"embd-1\",\"object\":\"list\",\"created\":1,\"model\":\"Qwen/Qwen3-Embedding-0.6B\","
                + "\"data\":[{\"index\":0,\"object\":\"embedding\",\"embedding\":[0.5,0.5,0.5,0.5]}],"
                + "\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1,\"completion_tokens\":0}}"))
                .contains(new EmbeddingsAnswer("Qwen/Qwen3-Embedding-0.6B", 4));
    }

    @Test
    void base64VectorsCountTheirFloats() {
        for (int count : new int[] {1, 2, 3, 768, 1023}) {
            assertThat(read("{\"data\":[{\"embedding\":\"" + base64Floats(count) + "\"}],\"model\":\"m\"}"))
                    .as("%d floats", count).contains(new EmbeddingsAnswer("m", count));
        }
    }

    @Test
    void answersWithoutAVectorOrModelSayWhatIsMissing() {
        assertThat(read("{\"data\":[],\"model\":\"m\"}")).contains(new EmbeddingsAnswer("m", null));
        assertThat(read("{\"data\":[{\"embedding\":[1,2]}],\"model\":\"\"}")).contains(new EmbeddingsAnswer(null, 2));
        assertThat(read("{\"data\":[{\"embedding\":[]}]}")).contains(new EmbeddingsAnswer(null, 0));
    }

    @Test
    void aBatchIsReadPastItsOtherVectorsWhateverTheyHold() {
        StringBuilder batch = new StringBuilder("{\n  \"object\": \"list\",\n  \"data\": [\n");
        batch.append("    {\"object\":\"embedding\",\"embedding\":[0.25,-1e-3,7],\"index\":0}");
        for (int i = 1; i < 50; i++) {
            batch.append(",\n    {\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"note\":\"a ] and a } and an escaped \\\" quote, ünïcödé [\",\"embedding\":[[1],{\"x\":[2]},3]}");
        }
        batch.append("\n  ] ,\n  \"model\" : \"intfloat/multilingual-e5-large\",\n  \"usage\": {\"prompt_tokens\": 50}\n}\n");

        assertThat(read(batch.toString())).contains(new EmbeddingsAnswer("intfloat/multilingual-e5-large", 3));
    }

    @Test
    void aBatchWhoseDataIsTheLastFieldIsReadToo() {
        assertThat(read("{\"model\":\"m\",\"data\":[{\"embedding\":[1,2]},{\"embedding\":[3,4]}]}"))
                .contains(new EmbeddingsAnswer("m", 2));
        assertThat(read("{\"data\":[{\"embedding\":[1,2]},{\"embedding\":[3,4]}] }")).contains(new EmbeddingsAnswer(null, 2));
    }

    @Test
    void aBatchCutOffAfterItsFirstVectorIsNoAnswer() {
        assertThat(read("{\"data\":[{\"embedding\":[1,2]},{\"embedding\":[3,4")).isEmpty();
        assertThat(read("{\"data\":[{\"embedding\":[1,2]},{\"note\":\"]}]")).isEmpty();
        assertThat(read("{\"data\":[{\"embedding\":[1,2]},{\"embedding\":[3]}] \"model\":\"m\"}")).isEmpty();
    }

    @Test
    void somethingThatIsNotAnObjectIsNoAnswer() {
        assertThat(read("[[0.1,0.2]]")).isEmpty();
        assertThat(read("Internal Server Error")).isEmpty();
        assertThat(read("{\"data\":[{\"embedding\":[1,2")).isEmpty();
        assertThat(read("")).isEmpty();
    }
}
