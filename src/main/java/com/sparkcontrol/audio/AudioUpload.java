package com.sparkcontrol.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A multipart audio upload as received: the form fields, and the audio in a temp file (deleted on close),
 * already checked to be non-empty, within the size limit, and audio by its first bytes.
 */
record AudioUpload(Map<String, List<String>> fields, Path file, String fileName, long size, AudioFormat format)
        implements AutoCloseable {

    static final String PROPERTY = "sparkcontrol.audio.upload";

    Optional<String> field(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0).strip());
    }

    List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** A safe name for the backend's form: the client's base name when plain, else {@code audio.<ext>}. */
    String backendFileName() {
        if (fileName != null && fileName.matches("[A-Za-z0-9._ -]{1,100}") && !fileName.startsWith(".")) {
            return fileName;
        }
        return "audio." + format.extension();
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
