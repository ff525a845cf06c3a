package com.sparkcontrol.audio;

import java.io.IOException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * First step of transcribe-with-speakers: refuses at once when the transcription backend cannot give word
 * timestamps, cuts a long PCM WAV into overlapping chunks (deleted when the request is done), and sets up
 * the collection of words and speaker turns with a fresh speaker book.
 */
@Component
class PlanChunks implements Processor {

    static final String NO_WORD_TIMESTAMPS = "transcribe-with-speakers needs word timestamps, and the transcription backend "
            + "does not provide them: the NVIDIA NIM's HTTP API offers only json and text. Point spark-control.parakeet.url at "
            + "a server with verbose_json word timestamps and set spark-control.audio.transcription-api=openai";

    private final AudioProperties properties;
    private final TranscriptionCapability capability;
    private final SpeakerSessions sessions;

    PlanChunks(AudioProperties properties, TranscriptionCapability capability, SpeakerSessions sessions) {
        this.properties = properties;
        this.capability = capability;
        this.sessions = sessions;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        if (!capability.mayHaveTimestamps()) {
            throw AudioFailure.badRequest(NO_WORD_TIMESTAMPS, "file");
        }
        AudioUpload upload = exchange.getProperty(AudioUpload.PROPERTY, AudioUpload.class);
        AudioProperties.Chunking chunking = properties.chunking();
        List<WavChunker.AudioChunk> chunks = WavChunker.plan(upload.file(), upload.format(),
                chunking.length().toMillis() / 1000.0, chunking.overlap().toMillis() / 1000.0);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                WavChunker.delete(chunks);
            }
        });
        exchange.setProperty(SpeakerTranscriptParts.PROPERTY, new SpeakerTranscriptParts(sessions.newBook(), chunks.size()));
        exchange.getMessage().setBody(chunks);
    }
}
