package com.sparkcontrol.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever fails outside a controller (unknown path, container-level errors) still answers JSON: the OpenAI
 * envelope under {@code /v1} and {@code /redact/v1}, {@code {"error","detail"}} elsewhere. Never an HTML page.
 */
@RestController
class JsonErrorController implements ErrorController {

    @RequestMapping(value = "/error", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null ? HttpStatus.valueOf(i) : HttpStatus.INTERNAL_SERVER_ERROR;
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String message = status == HttpStatus.NOT_FOUND ? "no such path: " + path : status.getReasonPhrase();
        if (path.startsWith("/v1/") || path.startsWith("/redact/v1/")) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                    .body(OpenAiErrorBody.of(status.value(), message));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(status.getReasonPhrase().toLowerCase(), message));
    }

    /** Minimal OpenAI envelope; the gateway package owns the full error mapping. */
    record OpenAiErrorBody(Map<String, Object> error) {
        static OpenAiErrorBody of(int status, String message) {
            String type = status == 404 ? "not_found_error" : status >= 500 ? "server_error" : "invalid_request_error";
            java.util.Map<String, Object> e = new java.util.LinkedHashMap<>();
            e.put("message", message);
            e.put("type", type);
            e.put("param", null);
            e.put("code", null);
            return new OpenAiErrorBody(e);
        }
    }
}
