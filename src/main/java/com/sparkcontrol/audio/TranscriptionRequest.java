package com.sparkcontrol.audio;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAI transcription fields of an upload, validated (reference/backend-contracts.md §3.3). {@code model}
 * and {@code prompt} are accepted and not forwarded: NIM reads {@code model} as its internal model id.
 */
record TranscriptionRequest(String responseFormat, Set<String> granularities, String language, String temperature) {

    static final String PROPERTY = "sparkcontrol.audio.transcription-request";
    static final List<String> FORMATS = List.of("json", "text", "srt", "verbose_json", "vtt");

    /** ISO-639-1 codes as the NIM's BCP-47 locales, and the names OpenAI's verbose_json reports. */
    private static final Map<String, String> LOCALES = Map.ofEntries(
            Map.entry("en", "en-US"), Map.entry("es", "es-US"), Map.entry("de", "de-DE"), Map.entry("fr", "fr-FR"),
            Map.entry("it", "it-IT"), Map.entry("pt", "pt-BR"), Map.entry("ja", "ja-JP"), Map.entry("ko", "ko-KR"),
            Map.entry("zh", "zh-CN"), Map.entry("ru", "ru-RU"), Map.entry("hi", "hi-IN"), Map.entry("ar", "ar-AR"),
            Map.entry("nl", "nl-NL"), Map.entry("pl", "pl-PL"), Map.entry("sv", "sv-SE"), Map.entry("tr", "tr-TR"));
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("en", "english"), Map.entry("es", "spanish"), Map.entry("de", "german"), Map.entry("fr", "french"),
            Map.entry("it", "italian"), Map.entry("pt", "portuguese"), Map.entry("ja", "japanese"), Map.entry("ko", "korean"),
            Map.entry("zh", "chinese"), Map.entry("ru", "russian"), Map.entry("hi", "hindi"), Map.entry("ar", "arabic"),
            Map.entry("nl", "dutch"), Map.entry("pl", "polish"), Map.entry("sv", "swedish"), Map.entry("tr", "turkish"));
    /** When a NIM is given no language it must get one (it refuses a request with neither language nor model). */
    static final String NIM_DEFAULT_LOCALE = "en-US";

    static TranscriptionRequest from(AudioUpload upload) {
        String format = upload.field("response_format").filter(f -> !f.isEmpty()).orElse("json").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw AudioFailure.badRequest("response_format must be one of " + String.join(", ", FORMATS), "response_format");
        }
        Set<String> granularities = new LinkedHashSet<>();
        for (String name : List.of("timestamp_granularities[]", "timestamp_granularities")) {
            for (String value : upload.all(name)) {
                for (String one : value.split(",")) {
                    String g = one.strip().toLowerCase(Locale.ROOT);
                    if (g.isEmpty()) {
                        continue;
                    }
                    if (!g.equals("word") && !g.equals("segment")) {
                        throw AudioFailure.badRequest("timestamp_granularities may hold 'word' and 'segment'", "timestamp_granularities");
                    }
                    granularities.add(g);
                }
            }
        }
        if (!granularities.isEmpty() && !format.equals("verbose_json")) {
            throw AudioFailure.badRequest("timestamp_granularities needs response_format=verbose_json", "timestamp_granularities");
        }
        String language = upload.field("language").filter(l -> !l.isEmpty()).orElse(null);
        if (language != null && !language.matches("(?i)[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}|multi")) {
            throw AudioFailure.badRequest("language must be an ISO-639-1 code such as 'en' (or a locale such as 'en-US')", "language");
        }
        String temperature = upload.field("temperature").filter(t -> !t.isEmpty()).orElse(null);
        if (temperature != null) {
            try {
                double t = Double.parseDouble(temperature);
                if (!(t >= 0 && t <= 1)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw AudioFailure.badRequest("temperature must be a number from 0 to 1", "temperature");
            }
        }
        return new TranscriptionRequest(format, Set.copyOf(granularities), language, temperature);
    }

    /** srt, vtt and verbose_json need timings, which only a verbose_json answer from the backend carries. */
    boolean needsTimestamps() {
        return !responseFormat.equals("json") && !responseFormat.equals("text");
    }

    boolean wantsWords() {
        return granularities.contains("word");
    }

    /** OpenAI's default granularity is segment: segments unless only words were asked for. */
    boolean wantsSegments() {
        return granularities.isEmpty() || granularities.contains("segment");
    }

    /** The language as the backend wants it: a BCP-47 locale for NIM ({@code en} → {@code en-US}), else as given. */
    static String forBackend(String language, AudioProperties.TranscriptionApi api) {
        if (api == AudioProperties.TranscriptionApi.OPENAI) {
            return language;
        }
        if (language == null) {
            return NIM_DEFAULT_LOCALE;
        }
        return LOCALES.getOrDefault(language.toLowerCase(Locale.ROOT), language);
    }

    /** The language name OpenAI's verbose_json reports ("english"), from a code, a locale or a name. */
    static String languageName(String requested, String fromBackend) {
        for (String candidate : new String[] {fromBackend, requested}) {
            if (candidate == null || candidate.isBlank() || candidate.equalsIgnoreCase("auto") || candidate.equalsIgnoreCase("multi")) {
                continue;
            }
            String code = candidate.toLowerCase(Locale.ROOT).split("[-_]")[0];
            if (NAMES.containsKey(code)) {
                return NAMES.get(code);
            }
            if (NAMES.containsValue(candidate.toLowerCase(Locale.ROOT))) {
                return candidate.toLowerCase(Locale.ROOT);
            }
        }
        return requested == null ? "english" : requested.toLowerCase(Locale.ROOT);
    }
}
