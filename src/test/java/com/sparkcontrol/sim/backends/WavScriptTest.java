package com.sparkcontrol.sim.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavScriptTest {

    static WavScript.Builder meeting() {
        return WavScript.builder()
                .secondsPerWord(0.4)
                .turn("bm_george", "Good morning everyone")
                .turn("af_heart", "Morning George how are you")
                .pause(1.0)
                .turn("bm_george", "Very well thanks");
    }

    /** The same WAV without its LIST chunk, as a tool that copies only fmt and data would write it. */
    static byte[] withoutScript(byte[] wav) {
        WavScript.Info info = WavScript.read(wav);
        byte[] header = RiffWav.header(info.sampleRate(), info.channels(), info.bitsPerSample(), null, info.dataBytes());
        byte[] out = Arrays.copyOf(header, header.length + (int) info.dataBytes());
        System.arraycopy(wav, (int) info.dataOffset(), out, header.length, (int) info.dataBytes());
        return out;
    }

    @Test
    void buildsAValidRiffWaveHeader() {
        byte[] wav = meeting().build();
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(wav.length - 8);
        assertThat(new String(wav, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(b.getInt(16)).isEqualTo(16);
        assertThat(b.getShort(20)).isEqualTo((short) 1); // PCM
        assertThat(b.getShort(22)).isEqualTo((short) 1); // mono
        assertThat(b.getInt(24)).isEqualTo(24_000);
        assertThat(b.getInt(28)).isEqualTo(48_000); // byte rate
        assertThat(b.getShort(34)).isEqualTo((short) 16);

        WavScript.Info info = WavScript.read(wav);
        assertThat(info.dataOffset() + info.dataBytes()).isEqualTo(wav.length);
        assertThat(info.durationSeconds()).isCloseTo(meeting().durationSeconds(), within(0.001));
        assertThat(new String(wav, (int) info.dataOffset() - 8, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
    }

    @Test
    void scriptRoundTripsThroughTheInfoChunk() {
        WavScript.Builder builder = meeting();
        WavScript.Info info = WavScript.read(builder.build());
        assertThat(info.script()).contains(builder.script());
        List<WavScript.Turn> turns = info.script().orElseThrow().turns();
        assertThat(turns).extracting(WavScript.Turn::speaker).containsExactly("bm_george", "af_heart", "bm_george");
        assertThat(turns.get(0).start()).isZero();
        assertThat(turns.get(0).end()).isEqualTo(1.2);
        assertThat(turns.get(1).start()).isEqualTo(1.45);
        assertThat(turns.get(2).start()).isEqualTo(turns.get(1).end() + 0.25 + 1.0, within(0.0011));
    }

    @Test
    void audioIsAToneDuringTurnsAndSilenceBetween() {
        byte[] wav = meeting().build();
        WavScript.Info info = WavScript.read(wav);
        ByteBuffer samples = ByteBuffer.wrap(wav, (int) info.dataOffset(), (int) info.dataBytes()).order(ByteOrder.LITTLE_ENDIAN);
        int during = peak(samples, info, 0.5, 0.7);
        int gap = peak(samples, info, 1.25, 1.4);
        assertThat(during).isGreaterThan(2000).isLessThan(Short.MAX_VALUE / 4);
        assertThat(gap).isZero();
    }

    private static int peak(ByteBuffer samples, WavScript.Info info, double from, double to) {
        int peak = 0;
        for (int n = (int) (from * info.sampleRate()); n < to * info.sampleRate(); n++) {
            peak = Math.max(peak, Math.abs(samples.getShort((int) info.dataOffset() + n * 2)));
        }
        return peak;
    }

    @Test
    void wordsShareTheTurnByLength() {
        WavScript.Turn turn = new WavScript.Turn("x", 1.0, 3.0, "a bbb cc");
        List<WavScript.Word> words = turn.words();
        assertThat(words).extracting(WavScript.Word::text).containsExactly("a", "bbb", "cc");
        assertThat(words.get(0).start()).isEqualTo(1.0);
        assertThat(words.get(2).end()).isEqualTo(3.0);
        assertThat(words.get(1).end() - words.get(1).start()).isGreaterThan(words.get(0).end() - words.get(0).start());
        for (int i = 1; i < words.size(); i++) {
            assertThat(words.get(i).start()).isEqualTo(words.get(i - 1).end());
        }
    }

    @Test
    void sliceStandsAloneWithItsScriptWindowedAndRebased() {
        byte[] wav = meeting().build();
        // "everyone" spans 0.709..1.2 s: its middle (0.95 s) falls inside the window, "morning" does not
        byte[] slice = WavScript.slice(wav, 0.8, 3.0);
        WavScript.Info info = WavScript.read(slice);
        assertThat(info.durationSeconds()).isCloseTo(2.2, within(0.001));
        List<WavScript.Turn> turns = info.script().orElseThrow().turns();
        assertThat(turns).extracting(WavScript.Turn::speaker).containsExactly("bm_george", "af_heart");
        assertThat(turns.get(0).start()).isZero();
        assertThat(turns.get(0).text()).isEqualTo("everyone");
        assertThat(turns.get(1).start()).isEqualTo(0.65);
        assertThat(turns.get(1).end()).isEqualTo(2.2);
    }

    @Test
    void readsAPlainWavWithoutScript(@TempDir Path dir) throws Exception {
        byte[] plain = withoutScript(meeting().build());
        Path file = Files.write(dir.resolve("plain.wav"), plain);
        WavScript.Info info = WavScript.read(file);
        assertThat(info.script()).isEmpty();
        assertThat(info.durationSeconds()).isCloseTo(meeting().durationSeconds(), within(0.001));
        assertThat(info.dataOffset()).isEqualTo(44);
    }

    @Test
    void streamingPlaceholderDataSizeMeansUntilTheEnd() {
        byte[] wav = meeting().build();
        WavScript.Info info = WavScript.read(wav);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt((int) info.dataOffset() - 4, 0xFFFFFFFF);
        assertThat(WavScript.read(wav).dataBytes()).isEqualTo(info.dataBytes());
    }

    @Test
    void refusesWhatIsNotAWav() {
        assertThatThrownBy(() -> WavScript.read("ID3 not a wave file at all".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WavScript.read(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scriptJsonIgnoresOtherComments() {
        assertThat(WavScript.Script.fromJson("recorded by a phone")).isEmpty();
        assertThat(WavScript.Script.fromJson("{\"turns\":[{\"speaker\":\"a\",\"start\":0,\"end\":1,\"text\":\"hi\"}]}"))
                .hasValueSatisfying(s -> assertThat(s.turns()).hasSize(1));
    }

    @Test
    void tonesIdentifyVoicesWhenTheScriptIsGone(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("plain.wav"), withoutScript(meeting().build()));
        HeardAudio heard = HeardAudio.hear(file);
        assertThat(heard.scripted()).isFalse();
        int george = SpeakerTone.frequency("bm_george");
        int heart = SpeakerTone.frequency("af_heart");
        assertThat(george).isNotEqualTo(heart);
        assertThat(heard.turns()).extracting(HeardAudio.Turn::hz).containsExactly(george, heart, george);
        List<WavScript.Turn> script = meeting().script().turns();
        for (int i = 0; i < script.size(); i++) {
            assertThat(heard.turns().get(i).start()).isCloseTo(script.get(i).start(), within(0.17));
            assertThat(heard.turns().get(i).end()).isCloseTo(script.get(i).end(), within(0.17));
            assertThat(heard.turns().get(i).words()).isNotEmpty();
        }
    }

    @Test
    void aScriptLongerThanTheAudioIsDistrustedInFavourOfTheTones(@TempDir Path dir) throws Exception {
        byte[] wav = meeting().build();
        WavScript.Info info = WavScript.read(wav);
        // keep the original header (whole-recording script) but only the last 1.5 s of samples
        int keep = 36_000 * 2;
        byte[] header = Arrays.copyOf(wav, (int) info.dataOffset());
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt((int) info.dataOffset() - 4, keep);
        byte[] cut = Arrays.copyOf(header, header.length + keep);
        System.arraycopy(wav, wav.length - keep, cut, header.length, keep);
        HeardAudio heard = HeardAudio.hear(Files.write(dir.resolve("cut.wav"), cut));
        assertThat(heard.scripted()).isFalse();
        assertThat(heard.turns()).extracting(HeardAudio.Turn::hz).containsExactly(SpeakerTone.frequency("bm_george"));
    }
}
