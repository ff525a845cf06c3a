package com.sparkcontrol.audio;

import java.io.IOException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * First step of transcribe-with-speakers: chooses where word times come from (the backend's timestamps, or
 * estimated per speaker turn for a backend without them, which needs a PCM WAV), cuts a long PCM WAV into
 * overlapping chunks (deleted when the request is done), and sets up the collection of words and speaker
 * turns with a fresh speaker book.
 */
@Component
class PlanChunks implements Processor {

    static final String NO_WORD_TIMESTAMPS = "the transcription backend gives no word timestamps (the NVIDIA NIM's HTTP API "
            + "offers only json and text), so transcribe-with-speakers cuts the audio at speaker turns instead, which needs a PCM "
            + "WAV upload (convert with: ffmpeg -i in.mp3 -ar 16000 -ac 1 out.wav)";

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
        AudioUpload upload = exchange.getProperty(AudioUpload.PROPERTY, AudioUpload.class);
        SpeakerTranscriptParts.WordTiming timing = capability.mayHaveTimestamps()
                ? SpeakerTranscriptParts.WordTiming.BACKEND : SpeakerTranscriptParts.WordTiming.ESTIMATED;
        if (timing == SpeakerTranscriptParts.WordTiming.ESTIMATED
                && (upload.format() != AudioFormat.WAV || WavChunker.layout(upload.file()).isEmpty())) {
            throw AudioFailure.badRequest(NO_WORD_TIMESTAMPS, "file");
        }
        AudioProperties.Chunking chunking = properties.chunking();
        List<WavChunker.AudioChunk> chunks = WavChunker.plan(upload.file(), upload.format(),
                chunking.length().toMillis() / 1000.0, chunking.overlap().toMillis() / 1000.0);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                WavChunker.delete(chunks);
            }
        });
        exchange.setProperty(SpeakerTranscriptParts.PROPERTY, new SpeakerTranscriptParts(sessions.newBook(), chunks.size(), timing, upload.file()));
        exchange.getMessage().setBody(chunks);
    }
}
