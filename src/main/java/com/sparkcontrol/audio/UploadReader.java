package com.sparkcontrol.audio;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.springframework.stereotype.Component;

/**
 * Reads a multipart audio upload with commons-fileupload's streaming API: the {@code file} part goes straight
 * to a temp file while its bytes are counted (413 as soon as the limit is passed, and before reading at all
 * when {@code Content-Length} already says so), the small text fields are kept, and the result is checked to
 * be audio (400 for empty or non-audio uploads). Nothing is held whole in memory.
 */
@Component
class UploadReader {

    /** Room for the form fields and multipart framing on top of the audio itself. */
    static final long FORM_ALLOWANCE = 1024 * 1024;
    private static final int MAX_FIELD_BYTES = 64 * 1024;
    private static final int MAX_FIELDS = 64;

    private final AudioProperties properties;

    UploadReader(AudioProperties properties) {
        this.properties = properties;
    }

    AudioUpload read(HttpServletRequest request) {
        long limit = properties.maxUploadSize().toBytes();
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
            throw AudioFailure.badRequest("send the audio as multipart/form-data with a 'file' field", "file");
        }
        if (request.getContentLengthLong() > limit + FORM_ALLOWANCE) {
            throw AudioFailure.tooLarge(limit);
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Path file = null;
        String fileName = null;
        long size = 0;
        byte[] head = new byte[AudioFormat.HEAD_BYTES];
        int headLength = 0;
        boolean done = false;
        try {
            JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
            upload.setHeaderCharset(StandardCharsets.UTF_8);
            FileItemInputIterator items = upload.getItemIterator(request);
            int count = 0;
            while (items.hasNext()) {
                FileItemInput item = items.next();
                if (++count > MAX_FIELDS) {
                    throw AudioFailure.badRequest("too many form fields", null);
                }
                try (InputStream in = item.getInputStream()) {
                    // the audio is the 'file' part even without a filename (some SDKs send bytes without one)
                    if ("file".equals(item.getFieldName()) && file == null) {
                        file = Files.createTempFile("sparkcontrol-audio-", ".upload");
                        fileName = baseName(item.getName());
                        try (OutputStream out = Files.newOutputStream(file)) {
                            byte[] buffer = new byte[64 * 1024];
                            int n;
                            while ((n = in.read(buffer)) > 0) {
                                if (headLength < head.length) {
                                    int take = Math.min(n, head.length - headLength);
                                    System.arraycopy(buffer, 0, head, headLength, take);
                                    headLength += take;
                                }
                                size += n;
                                if (size > limit) {
                                    throw AudioFailure.tooLarge(limit);
                                }
                                out.write(buffer, 0, n);
                            }
                        }
                    } else if (item.isFormField()) {
                        byte[] value = in.readNBytes(MAX_FIELD_BYTES + 1);
                        if (value.length > MAX_FIELD_BYTES) {
                            throw AudioFailure.badRequest("the form field '" + item.getFieldName() + "' is too long", item.getFieldName());
                        }
                        fields.computeIfAbsent(item.getFieldName(), k -> new ArrayList<>())
                                .add(new String(value, StandardCharsets.UTF_8));
                    } else {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
            }
            if (file == null) {
                throw AudioFailure.badRequest("the 'file' field with the audio is missing", "file");
            }
            if (size == 0) {
                throw AudioFailure.badRequest("the uploaded file is empty", "file");
            }
            var format = AudioFormat.detect(head, headLength).orElseThrow(() -> AudioFailure.badRequest(
                    "the uploaded file is not audio (expected WAV, FLAC, OGG/Opus, MP3, M4A or WebM)", "file"));
            done = true;
            return new AudioUpload(Map.copyOf(fields), file, fileName, size, format);
        } catch (FileUploadException e) {
            if (e.getClass().getSimpleName().contains("Size")) {
                throw AudioFailure.tooLarge(limit);
            }
            throw AudioFailure.badRequest("the multipart body could not be read: " + e.getMessage(), "file");
        } catch (IOException e) {
            throw AudioFailure.badRequest("the upload broke off before it was complete", "file");
        } finally {
            if (!done && file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    file.toFile().deleteOnExit();
                }
            }
        }
    }

    private static String baseName(String name) {
        if (name == null) {
            return null;
        }
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }
}
