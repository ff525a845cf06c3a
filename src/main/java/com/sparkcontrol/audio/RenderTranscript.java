package com.sparkcontrol.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Renders the backend's answer in the format the client asked for, in OpenAI's shapes: {@code json},
 * {@code text}, and {@code srt}/{@code vtt}/{@code verbose_json} built from the backend's timestamps. When the
 * backend turns out not to have timestamps, says so (and, in {@code auto} mode, remembers it).
 */
@Component
class RenderTranscript implements Processor {

    private final ObjectMapper json;
    private final TranscriptionCapability capability;

    RenderTranscript(ObjectMapper json, TranscriptionCapability capability) {
        this.json = json;
        this.capability = capability;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        BackendReply reply = exchange.getMessage().getBody(BackendReply.class);
        TranscriptionRequest request = exchange.getProperty(TranscriptionRequest.PROPERTY, TranscriptionRequest.class);
        exchange.getMessage().setBody(render(reply, request));
    }

    AudioAnswer render(BackendReply reply, TranscriptionRequest request) throws IOException {
        if (!reply.ok()) {
            if (request.needsTimestamps() && refusesFormat(reply)) {
                capability.backendRefusedTimestamps(BackendMessages.detail(reply.body()));
                throw AudioFailure.badRequest(TranscriptionCapability.noTimestampsMessage(request.responseFormat()), "response_format");
            }
            throw AudioFailure.refusedByBackend(AudioBackend.TRANSCRIPTION, reply);
        }
        Transcript transcript = parse(reply);
        String format = request.responseFormat();
        if (request.needsTimestamps() && !SubtitleWriter.canWrite(transcript)
                || format.equals("verbose_json") && request.wantsWords() && !transcript.hasWords()) {
            throw AudioFailure.badRequest("response_format=" + format + (request.wantsWords() ? " with word timestamps" : "")
                    + " cannot be built: the transcription backend answered without timestamps", "response_format");
        }
        return switch (format) {
            case "text" -> AudioAnswer.text("text/plain; charset=utf-8", transcript.text());
            case "srt" -> AudioAnswer.text("application/x-subrip; charset=utf-8", SubtitleWriter.srt(transcript));
            case "vtt" -> AudioAnswer.text("text/vtt; charset=utf-8", SubtitleWriter.vtt(transcript));
            case "verbose_json" -> new AudioAnswer("application/json", json.writeValueAsBytes(verbose(transcript, request)));
            default -> new AudioAnswer("application/json", json.writeValueAsBytes(json.createObjectNode().put("text", transcript.text())));
        };
    }

    Transcript parse(BackendReply reply) throws IOException {
        String body = reply.text().strip();
        boolean looksJson = reply.contentType().toLowerCase(Locale.ROOT).contains("json") || body.startsWith("{") || body.startsWith("\"");
        if (looksJson) {
            try {
                return Transcript.parse(json.readTree(body));
            } catch (IOException notJson) {
                return Transcript.textOnly(body);
            }
        }
        return Transcript.textOnly(body);
    }

    private ObjectNode verbose(Transcript transcript, TranscriptionRequest request) {
        ObjectNode out = json.createObjectNode()
                .put("task", "transcribe")
                .put("language", TranscriptionRequest.languageName(request.language(), transcript.language()));
        double duration = transcript.duration() != null ? transcript.duration()
                : Math.max(transcript.segments().stream().mapToDouble(Transcript.Segment::end).max().orElse(0),
                        transcript.words().stream().mapToDouble(Transcript.Word::end).max().orElse(0));
        out.put("duration", Math.round(duration * 1000) / 1000.0).put("text", transcript.text());
        if (request.wantsSegments()) {
            ArrayNode segments = out.putArray("segments");
            int id = 0;
            for (SubtitleWriter.Cue cue : SubtitleWriter.cues(transcript)) {
                JsonNode original = cue.original();
                ObjectNode s = segments.addObject()
                        .put("id", id++)
                        .put("seek", original == null ? 0 : original.path("seek").asInt(0))
                        .put("start", cue.start())
                        .put("end", cue.end())
                        .put("text", " " + cue.text());
                s.set("tokens", original != null && original.path("tokens").isArray() ? original.path("tokens") : json.createArrayNode());
                s.put("temperature", original == null ? 0.0 : original.path("temperature").asDouble(0.0))
                        .put("avg_logprob", original == null ? 0.0 : original.path("avg_logprob").asDouble(0.0))
                        .put("compression_ratio", original == null ? 0.0 : original.path("compression_ratio").asDouble(0.0))
                        .put("no_speech_prob", original == null ? 0.0 : original.path("no_speech_prob").asDouble(0.0));
            }
        }
        if (request.wantsWords()) {
            ArrayNode words = out.putArray("words");
            transcript.words().forEach(w -> words.addObject().put("word", w.word()).put("start", w.start()).put("end", w.end()));
        }
        return out;
    }

    /** A 400/422 that names the format: the backend does not do verbose_json (NIM). */
    static boolean refusesFormat(BackendReply reply) {
        if (reply.status() != 400 && reply.status() != 422) {
            return false;
        }
        String detail = reply.text().toLowerCase(Locale.ROOT);
        return detail.contains("response_format") || detail.contains("verbose_json") || detail.contains("timestamp");
    }
}
