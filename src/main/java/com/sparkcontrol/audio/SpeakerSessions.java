package com.sparkcontrol.audio;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Diarization sessions by {@code session_id}: each a {@link SpeakerBook}, kept in memory, forgotten after
 * {@code speakers.session-idle} without a chunk, and at most {@code speakers.max-sessions} of them (the least
 * recently used goes first). Clients get stable global speaker labels without clustering anything themselves.
 */
@Component
class SpeakerSessions {

    private final AudioProperties properties;
    private final Map<String, SpeakerBook> sessions = new LinkedHashMap<>(16, 0.75f, true);

    SpeakerSessions(AudioProperties properties) {
        this.properties = properties;
    }

    /** The session's book, created on first use. */
    synchronized SpeakerBook session(String id) {
        expire();
        SpeakerBook book = sessions.computeIfAbsent(id, k -> newBook());
        while (sessions.size() > properties.speakers().maxSessions()) {
            Iterator<String> eldest = sessions.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return book;
    }

    /** A book for one request only (transcribe-with-speakers), kept nowhere. */
    SpeakerBook newBook() {
        return new SpeakerBook(SpeakerBook.Matching.of(properties));
    }

    synchronized int count() {
        expire();
        return sessions.size();
    }

    synchronized void clear() {
        sessions.clear();
    }

    private void expire() {
        Duration idle = properties.speakers().sessionIdle();
        Instant oldest = Instant.now().minus(idle);
        sessions.values().removeIf(book -> book.lastUsed().isBefore(oldest));
    }
}
