package com.sparkcontrol.audio;

import com.sparkcontrol.web.StatusContributor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@code audio} part of {@code GET /api/status}: each backend's breaker, slot and queue, and the open speaker sessions. */
@Component
class AudioStatus implements StatusContributor {

    private final ParakeetGuard guard;
    private final SpeakerSessions sessions;

    AudioStatus(ParakeetGuard guard, SpeakerSessions sessions) {
        this.guard = guard;
        this.sessions = sessions;
    }

    @Override
    public String key() {
        return "audio";
    }

    @Override
    public Object snapshot() {
        Map<String, Object> snapshot = new LinkedHashMap<>(guard.snapshot());
        snapshot.put("speakerSessions", sessions.count());
        return snapshot;
    }
}
