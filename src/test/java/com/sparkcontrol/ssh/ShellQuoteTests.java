package com.sparkcontrol.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ShellQuoteTests {

    static List<String> hostileStrings() {
        return List.of("; rm -rf ~", "$(touch /tmp/pwned)", "`id`", "it's", "\"double\"", "a\nb", "tab\there",
                "--help", "-rf", "*", "~/x", "$HOME", "a b  c", "\\", "'", "''", "\u00e9t\u00e9 \u2603", "$((1+1))", "!event",
                "x".repeat(10_000), "", "{a,b}", "a|b&c>d<e");
    }

    @ParameterizedTest
    @MethodSource("hostileStrings")
    void quotedArgumentReachesRealBashAsOneLiteralWord(String hostile) throws Exception {
        // printf %s "$@" | od: bash must hand back exactly the bytes we quoted, as a single argument
        String script = "printf '%s' \"$#\"; printf '\\0'; printf '%s' " + ShellQuote.quote(hostile);
        Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).isZero();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(text.substring(text.indexOf('\0') + 1)).isEqualTo(hostile);
    }

    @Test
    void argumentCountIsOneWhateverTheContent() throws Exception {
        for (String hostile : hostileStrings()) {
            String script = "set -- " + ShellQuote.quote(hostile) + "; echo $#";
            Process process = new ProcessBuilder("bash", "-c", script).start();
            assertThat(new String(process.getInputStream().readAllBytes()).trim()).as(hostile).isEqualTo("1");
        }
    }

    @Test
    void nulIsRefusedBecauseNoShellArgumentCanCarryIt() {
        assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void plainWordsStayReadable() {
        assertThat(ShellQuote.quote("Qwen/Qwen3.6-35B-A3B-FP8")).isEqualTo("Qwen/Qwen3.6-35B-A3B-FP8");
        assertThat(ShellQuote.quote("--max-model-len=65536")).isEqualTo("--max-model-len=65536");
    }

    @Test
    void homeRelativePathKeepsTildeExpansion() throws Exception {
        String command = RemoteCommand.trustedScript("pwd").inDirectory("~/my dir").line();
        assertThat(command).isEqualTo("cd ~/'my dir' && pwd");
    }
}
