package com.sparkcontrol.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Answers {@code diarize-chunk}: the backend's per-chunk shape, plus (with a {@code session_id}) each segment's
 * {@code global_speaker}, the chunk's {@code speakers} mapping local → global, and the session's speakers.
 */
@Component
class LabelSpeakers implements Processor {

    static final String SESSION_PROPERTY = "sparkcontrol.audio.session-id";
    static final String OFFSET_PROPERTY = "sparkcontrol.audio.chunk-offset";

    private final ObjectMapper json;
    private final SpeakerSessions sessions;

    LabelSpeakers(ObjectMapper json, SpeakerSessions sessions) {
        this.json = json;
        this.sessions = sessions;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Diarization diarization = parse(json, exchange.getMessage().getBody(BackendReply.class));
        String sessionId = exchange.getProperty(SESSION_PROPERTY, String.class);
        Double offset = exchange.getProperty(OFFSET_PROPERTY, Double.class);
        ObjectNode out = diarization.json();
        if (offset != null) {
            out.put("offset_s", offset);
        }
        if (sessionId != null) {
            SpeakerBook book = sessions.session(sessionId);
            Map<String, String> labels = book.assign(diarization.localSpeakers());
            label(out, labels, offset == null ? 0 : offset);
            out.put("session_id", sessionId);
            out.set("session_speakers", json.valueToTree(book.speakers()));
        }
        exchange.getMessage().setBody(new AudioAnswer("application/json", json.writeValueAsBytes(out)));
    }

    static Diarization parse(ObjectMapper json, BackendReply reply) throws IOException {
        if (reply.status() == 404) {
            // the Parakeet container answers but has no diarize-chunk route: the overlay was lost with the container
            throw AudioFailure.unavailable("the diarizer is not installed in the Parakeet container (its overlay is missing, "
                    + "e.g. after the container was recreated); an operator can run POST /api/services/diarizer/reapply-patches", 30);
        }
        if (!reply.ok()) {
            throw AudioFailure.refusedByBackend(AudioBackend.DIARIZATION, reply);
        }
        JsonNode root;
        try {
            root = json.readTree(reply.body());
        } catch (IOException e) {
            root = null;
        }
        if (!(root instanceof ObjectNode object) || !root.path("segments").isArray()) {
            throw new AudioFailure(502, "the diarizer answered something that is not a diarization (no segments)", null, null,
                    "backend_error");
        }
        return Diarization.parse(object);
    }

    private static void label(ObjectNode out, Map<String, String> labels, double offset) {
        for (JsonNode segment : out.path("segments")) {
            if (segment instanceof ObjectNode s) {
                String global = labels.get(s.path("speaker").asText());
                if (global != null) {
                    s.put("global_speaker", global);
                }
                if (offset != 0 && s.path("start_s").isNumber() && s.path("end_s").isNumber()) {
                    s.put("session_start_s", round(s.path("start_s").asDouble() + offset));
                    s.put("session_end_s", round(s.path("end_s").asDouble() + offset));
                }
            }
        }
        ObjectNode speakers = out.putObject("speakers");
        labels.forEach(speakers::put);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
