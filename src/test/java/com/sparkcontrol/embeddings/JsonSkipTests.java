package com.sparkcontrol.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonSkipTests {

    /** endOfArray from just after the opening bracket of the array that starts at index 0. */
    static int end(String json) {
        return JsonSkip.endOfArray(json.getBytes(StandardCharsets.UTF_8), 1, 1);
    }

    @Test
    void findsTheBracketThatClosesTheArrayItStartsIn() {
        assertThat(end("[]")).isEqualTo(2);
        assertThat(end("[1,2,3] ,")).isEqualTo(7);
        assertThat(end("[[1,[2]],{\"a\":[3,{}]}],4]")).isEqualTo(22);
    }

    @Test
    void startsAsManyLevelsDownAsItIsTold() {
        byte[] json = "[{\"a\":[1]},{\"b\":2}],".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonSkip.endOfArray(json, 2, 2)).isEqualTo(json.length - 1); // from inside the first object
    }

    @Test
    void bracketsAndQuotesInsideStringsDoNotCount() {
        assertThat(end("[\"]\",\"[\",\"\\\"]\",\"\\\\\"]x")).isEqualTo(20);
        String unicode = "[\"ünïcödé ] 日本\"]";
        assertThat(end(unicode)).isEqualTo(unicode.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void unclosedOrMismatchedIsMinusOne() {
        assertThat(end("[1,2")).isEqualTo(-1);
        assertThat(end("[\"]")).isEqualTo(-1);
        assertThat(end("[1}")).isEqualTo(-1);
    }

    @Test
    void whitespaceSkipsOnlyJsonWhitespace() {
        byte[] json = " \t\r\n,x".getBytes(StandardCharsets.US_ASCII);
        assertThat(JsonSkip.whitespace(json, 0)).isEqualTo(4);
        assertThat(JsonSkip.whitespace(json, 6)).isEqualTo(6);
    }
}
