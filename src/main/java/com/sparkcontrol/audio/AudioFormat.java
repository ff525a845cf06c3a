package com.sparkcontrol.audio;

import java.util.Optional;

/** Audio container formats recognised by their first bytes; anything else is refused before a backend sees it. */
enum AudioFormat {
    WAV("wav", "audio/wav"),
    FLAC("flac", "audio/flac"),
    OGG("ogg", "audio/ogg"),
    MP3("mp3", "audio/mpeg"),
    MP4("m4a", "audio/mp4"),
    WEBM("webm", "audio/webm");

    /** Bytes needed to tell the formats apart. */
    static final int HEAD_BYTES = 12;

    private final String extension;
    private final String mediaType;

    AudioFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    String extension() {
        return extension;
    }

    String mediaType() {
        return mediaType;
    }

    static Optional<AudioFormat> detect(byte[] head, int length) {
        if (starts(head, length, 0, "RIFF") && starts(head, length, 8, "WAVE")) {
            return Optional.of(WAV);
        }
        if (starts(head, length, 0, "fLaC")) {
            return Optional.of(FLAC);
        }
        if (starts(head, length, 0, "OggS")) {
            return Optional.of(OGG);
        }
        if (starts(head, length, 0, "ID3")) {
            return Optional.of(MP3);
        }
        // an MPEG audio frame: 11 sync bits, then a layer other than "reserved" (which ADTS AAC uses)
        if (length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xe0) == 0xe0 && (head[1] & 0x06) != 0) {
            return Optional.of(MP3);
        }
        if (starts(head, length, 4, "ftyp")) {
            return Optional.of(MP4);
        }
        if (length >= 4 && (head[0] & 0xff) == 0x1a && (head[1] & 0xff) == 0x45 && (head[2] & 0xff) == 0xdf
                && (head[3] & 0xff) == 0xa3) {
            return Optional.of(WEBM);
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] head, int length, int offset, String magic) {
        if (length < offset + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (head[offset + i] != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
