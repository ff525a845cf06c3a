package com.sparkcontrol.audio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One multipart POST to an audio backend: the form fields and the audio file (sent from disk, never held in
 * memory). Routes put it on the exchange; {@link CallBackend} sends it inside the guard.
 */
record BackendCall(AudioBackend backend, String path, List<Map.Entry<String, String>> fields, Path file,
        String fileName, String fileContentType) {

    static final String PROPERTY = "sparkcontrol.audio.call";

    BackendCall {
        fields = List.copyOf(fields);
    }

    static Builder to(AudioBackend backend, String path) {
        return new Builder(backend, path);
    }

    static final class Builder {
        private final AudioBackend backend;
        private final String path;
        private final List<Map.Entry<String, String>> fields = new ArrayList<>();

        private Builder(AudioBackend backend, String path) {
            this.backend = backend;
            this.path = path;
        }

        Builder field(String name, String value) {
            if (value != null) {
                fields.add(Map.entry(name, value));
            }
            return this;
        }

        BackendCall file(Path file, String fileName, String contentType) {
            return new BackendCall(backend, path, fields, file, fileName, contentType);
        }
    }
}
