package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AudioFormatTests {

    private static java.util.Optional<AudioFormat> detect(byte[] head) {
        return AudioFormat.detect(head, head.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void recognisesAudioByItsFirstBytes() {
        assertThat(detect(ascii("RIFF\0\0\0\0WAVEfmt "))).contains(AudioFormat.WAV);
        assertThat(detect(ascii("fLaC\0\0\0\""))).contains(AudioFormat.FLAC);
        assertThat(detect(ascii("OggS\0\2"))).contains(AudioFormat.OGG);
        assertThat(detect(ascii("ID3\4\0"))).contains(AudioFormat.MP3);
        assertThat(detect(new byte[] {(byte) 0xff, (byte) 0xfb, (byte) 0x90, 0})).contains(AudioFormat.MP3);
        assertThat(detect(ascii("\0\0\0\u0020ftypM4A "))).contains(AudioFormat.MP4);
        assertThat(detect(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3})).contains(AudioFormat.WEBM);
    }

    @Test
    void refusesWhatIsNotAudio() {
        assertThat(detect(ascii("%PDF-1.7"))).isEmpty();
        assertThat(detect(ascii("RIFF\0\0\0\0AVI LIST"))).isEmpty();
        assertThat(detect(ascii("{\"text\":1}"))).isEmpty();
        assertThat(detect(new byte[] {(byte) 0xff, (byte) 0xf1, 0x50, (byte) 0x80})).isEmpty(); // ADTS AAC
        assertThat(detect(new byte[0])).isEmpty();
    }
}
