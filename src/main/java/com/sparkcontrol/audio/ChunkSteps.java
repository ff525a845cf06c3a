package com.sparkcontrol.audio;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The per-chunk steps of transcribe-with-speakers, run for each chunk in turn: the transcription call
 * (verbose_json with word timestamps), collecting its words, the diarization call, collecting its turns.
 */
@Component
class ChunkSteps {

    private final ObjectMapper json;
    private final RenderTranscript transcripts;
    private final TranscriptionCapability capability;

    ChunkSteps(ObjectMapper json, RenderTranscript transcripts, TranscriptionCapability capability) {
        this.json = json;
        this.transcripts = transcripts;
        this.capability = capability;
    }

    Processor transcriptionCall() {
        return exchange -> exchange.setProperty(BackendCall.PROPERTY, BackendCall.to(AudioBackend.TRANSCRIPTION, PrepareTranscription.PATH)
                .field("language", TranscriptionRequest.forBackend(upload(exchange).field("language").orElse(null),
                        capability.api()))
                .field("response_format", "verbose_json")
                .field("timestamp_granularities[]", "word")
                .field("timestamp_granularities[]", "segment")
                .file(chunk(exchange).file(), fileName(exchange), mediaType(exchange)));
    }

    Processor collectWords() {
        return exchange -> {
            BackendReply reply = exchange.getMessage().getBody(BackendReply.class);
            if (!reply.ok()) {
                if (RenderTranscript.refusesFormat(reply)) {
                    // learnt now: the next attempt cuts the audio at speaker turns instead, so it is worth retrying
                    capability.backendRefusedTimestamps(BackendMessages.detail(reply.body()));
                    throw AudioFailure.unavailable("the transcription backend turned out to have no word timestamps (a NIM); "
                            + "send the request again and the gateway transcribes it speaker turn by speaker turn", 1);
                }
                throw AudioFailure.refusedByBackend(AudioBackend.TRANSCRIPTION, reply);
            }
            Transcript transcript = transcripts.parse(reply);
            if (!transcript.hasWords() && !transcript.text().isBlank()) {
                throw new AudioFailure(502, "the transcription backend answered without word timestamps, which "
                        + "transcribe-with-speakers needs (see spark-control.audio.transcription-api)", null, null, "backend_error");
            }
            parts(exchange).addWords(chunk(exchange), transcript);
        };
    }

    Processor diarizationCall() {
        return exchange -> exchange.setProperty(BackendCall.PROPERTY, BackendCall.to(AudioBackend.DIARIZATION, DiarizeChunkRoute.PATH)
                .file(chunk(exchange).file(), fileName(exchange), mediaType(exchange)));
    }

    Processor collectSpeakers() {
        return exchange -> parts(exchange).addSpeakers(chunk(exchange),
                LabelSpeakers.parse(json, exchange.getMessage().getBody(BackendReply.class)));
    }

    private static AudioUpload upload(Exchange exchange) {
        return exchange.getProperty(AudioUpload.PROPERTY, AudioUpload.class);
    }

    private static WavChunker.AudioChunk chunk(Exchange exchange) {
        return exchange.getProperty(TranscribeWithSpeakersRoute.CHUNK, WavChunker.AudioChunk.class);
    }

    private static SpeakerTranscriptParts parts(Exchange exchange) {
        return exchange.getProperty(SpeakerTranscriptParts.PROPERTY, SpeakerTranscriptParts.class);
    }

    private static String fileName(Exchange exchange) {
        return chunk(exchange).temporary() ? "chunk.wav" : upload(exchange).backendFileName();
    }

    private static String mediaType(Exchange exchange) {
        return chunk(exchange).temporary() ? AudioFormat.WAV.mediaType() : upload(exchange).format().mediaType();
    }
}
