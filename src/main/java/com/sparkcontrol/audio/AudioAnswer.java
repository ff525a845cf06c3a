package com.sparkcontrol.audio;

import java.nio.charset.StandardCharsets;

/** A finished answer for the HTTP edge: content type and bytes. */
record AudioAnswer(String contentType, byte[] body) {

    static AudioAnswer text(String contentType, String text) {
        return new AudioAnswer(contentType, text.getBytes(StandardCharsets.UTF_8));
    }
}
