package com.sparkcontrol.sim.backends;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kokoro-82M v1.0's voice packs and Kokoro-FastAPI's voice syntax: a single voice, an OpenAI name mapped
 * to one, or a combination such as {@code af_bella(2)+af_sky} or {@code af_heart-am_adam}.
 */
final class KokoroVoices {

    static final List<String> VOICES = List.of(
            "af_alloy", "af_aoede", "af_bella", "af_heart", "af_jessica", "af_kore", "af_nicole", "af_nova",
            "af_river", "af_sarah", "af_sky", "am_adam", "am_echo", "am_eric", "am_fenrir", "am_liam",
            "am_michael", "am_onyx", "am_puck", "am_santa", "bf_alice", "bf_emma", "bf_isabella", "bf_lily",
            "bm_daniel", "bm_fable", "bm_george", "bm_lewis", "ef_dora", "em_alex", "em_santa", "ff_siwis",
            "hf_alpha", "hf_beta", "hm_omega", "hm_psi", "if_sara", "im_nicola", "jf_alpha", "jf_gongitsune",
            "jf_nezumi", "jf_tebukuro", "jm_kumo", "pf_dora", "pm_alex", "pm_santa", "zf_xiaobei", "zf_xiaoni",
            "zf_xiaoxiao", "zf_xiaoyi", "zm_yunjian", "zm_yunxi", "zm_yunxia", "zm_yunyang");

    /** Kokoro-FastAPI's {@code openai_mappings.json} entries named in the contract. */
    static final Map<String, String> OPENAI_NAMES = Map.of(
            "alloy", "am_adam", "echo", "af_bella", "nova", "bf_isabella", "shimmer", "af_sky");

    private static final Pattern ITEM = Pattern.compile("([A-Za-z0-9_]*)(?:\\(([0-9]+(?:\\.[0-9]+)?)\\))?");

    /** A voice string Kokoro would refuse with 400 {@code validation_error}. */
    static final class UnknownVoice extends Exception {
        UnknownVoice(String message) {
            super(message, null, false, false);
        }
    }

    private KokoroVoices() {
    }

    /** The voice as the script's speaker id: the resolved pack name, or the normalised combination. */
    static String resolve(String requested) throws UnknownVoice {
        String voice = requested == null ? "" : requested.replaceAll("\\s+", "");
        if (OPENAI_NAMES.containsKey(voice)) {
            return OPENAI_NAMES.get(voice);
        }
        List<String> parts = new ArrayList<>();
        for (String part : voice.split("(?=[+-])", -1)) {
            String sign = part.startsWith("+") || part.startsWith("-") ? part.substring(0, 1) : "";
            String item = part.substring(sign.length());
            Matcher m = ITEM.matcher(item);
            if (!m.matches() || m.group(1).isEmpty()) {
                throw new UnknownVoice("Empty or malformed voice name in combination '" + requested + "'");
            }
            String name = OPENAI_NAMES.getOrDefault(m.group(1), m.group(1));
            if (!VOICES.contains(name)) {
                throw new UnknownVoice("Voice '" + m.group(1) + "' not found. Available voices: " + String.join(", ", VOICES));
            }
            parts.add(sign + name + (m.group(2) == null ? "" : "(" + m.group(2) + ")"));
        }
        String resolved = String.join("", parts);
        return resolved.startsWith("+") ? resolved.substring(1) : resolved;
    }
}
