package com.sparkcontrol.audio;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Last step of transcribe-with-speakers: the collected words get their speakers ({@link SpeakerMerge}); the answer is built. */
@Component
class MergeSpeakerTranscript implements Processor {

    private final ObjectMapper json;

    MergeSpeakerTranscript(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        SpeakerTranscriptParts parts = exchange.getProperty(SpeakerTranscriptParts.PROPERTY, SpeakerTranscriptParts.class);
        exchange.getMessage().setBody(new AudioAnswer("application/json", json.writeValueAsBytes(answer(parts))));
    }

    static Map<String, Object> answer(SpeakerTranscriptParts parts) {
        SpeakerMerge.Result merged = SpeakerMerge.merge(parts.words(), parts.speakerTurns());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", String.join(" ", merged.words().stream().map(SpeakerMerge.LabelledWord::word).toList()));
        body.put("duration", Math.round(parts.duration() * 1000) / 1000.0);
        body.put("language", parts.language());
        body.put("segments", merged.segments().stream().map(t -> ordered("speaker", t.speaker(), "start", round(t.start()),
                "end", round(t.end()), "text", t.text())).toList());
        body.put("words", merged.words().stream().map(w -> ordered("word", w.word(), "start", round(w.start()),
                "end", round(w.end()), "speaker", w.speaker())).toList());
        body.put("speakers", merged.speakers());
        body.put("speaker_stats", parts.book().speakers());
        body.put("chunks", parts.chunkCount());
        body.put("word_timing", parts.wordTiming().name().toLowerCase());
        return body;
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

}
