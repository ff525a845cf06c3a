package com.sparkcontrol.sim;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** vLLM's log-line shapes: {@code (APIServer pid=N) INFO 11-29 08:30:10 [file.py:123] message}. */
final class VllmLogLines {

    static final String VERSION = "0.11.2.dev412+g1a2b3c4d5";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT);

    static final List<String> ROUTES = List.of(
            "/openapi.json, Methods: GET, HEAD", "/docs, Methods: GET, HEAD", "/health, Methods: GET",
            "/load, Methods: GET", "/ping, Methods: GET", "/ping, Methods: POST", "/tokenize, Methods: POST",
            "/detokenize, Methods: POST", "/v1/models, Methods: GET", "/version, Methods: GET",
            "/v1/chat/completions, Methods: POST", "/v1/completions, Methods: POST",
            "/v1/embeddings, Methods: POST", "/metrics, Methods: GET");

    private final String api;
    private final String engine;

    VllmLogLines(int apiPid, int enginePid, int rank) {
        this.api = "(APIServer pid=" + apiPid + ") ";
        this.engine = rank == 0 ? "(EngineCore_DP0 pid=" + enginePid + ") " : "(EngineCore pid=" + enginePid + ") ";
    }

    String api(String file, String message) {
        return api + "INFO " + LocalDateTime.now().format(STAMP) + " [" + file + "] " + message;
    }

    String apiRaw(String text) {
        return api + text;
    }

    String apiError(String file, String message) {
        return api + "ERROR " + LocalDateTime.now().format(STAMP) + " [" + file + "] " + message;
    }

    String engine(String file, String message) {
        return engine + "INFO " + LocalDateTime.now().format(STAMP) + " [" + file + "] " + message;
    }

    String engineRaw(String text) {
        return engine + text;
    }

    String engineError(String file, String message) {
        return engine + "ERROR " + LocalDateTime.now().format(STAMP) + " [" + file + "] " + message;
    }
}
