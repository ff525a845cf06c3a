package com.sparkcontrol.web;

import com.sparkcontrol.ssh.InvalidArgumentException;
import com.sparkcontrol.ssh.SparkException;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns failures of {@code /api} controllers into {@code {"error","detail"}} JSON with the right status; never a stack trace. */
@RestControllerAdvice(basePackages = "com.sparkcontrol")
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidArgumentException.class)
    ResponseEntity<ApiError> invalidArgument(InvalidArgumentException e) {
        return ResponseEntity.badRequest().body(new ApiError("invalid " + e.field(), e.getMessage()));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingServletRequestParameterException.class, IllegalArgumentException.class})
    ResponseEntity<ApiError> badRequest(Exception e) {
        String detail = e instanceof HttpMessageNotReadableException ? "the body is not valid JSON of the expected shape" : e.getMessage();
        return ResponseEntity.badRequest().body(new ApiError("bad request", detail));
    }

    /** A query or path value of the wrong type ({@code ?refresh=maybe}); the value itself is not repeated. */
    @ExceptionHandler(TypeMismatchException.class)
    ResponseEntity<ApiError> wrongType(TypeMismatchException e) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        return ResponseEntity.badRequest().body(new ApiError("invalid " + (name == null ? "value" : name),
                "must be " + (type == null ? "of another type" : type == boolean.class || type == Boolean.class ? "true or false"
                        : "a " + type.getSimpleName().toLowerCase())));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(new ApiError("unsupported content type", e.getMessage()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(new ApiError("method not allowed", e.getMessage()));
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<ApiError> notFound(NoSuchElementException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not found", e.getMessage()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noSuchPath(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not found", "no such path: /" + e.getResourcePath()));
    }

    @ExceptionHandler(SparkException.class)
    ResponseEntity<ApiError> sparkDown(SparkException e) {
        log.warn("{}: {}", e.node(), e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "10")
                .body(new ApiError(e.node() + " " + e.reason().name().toLowerCase().replace('_', ' '), e.getMessage()));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ApiError> status(ResponseStatusException e) {
        return ResponseEntity.status(e.getStatusCode()).body(new ApiError(e.getStatusCode().toString(), e.getReason()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return ResponseEntity.internalServerError().body(new ApiError("internal error", "see the Spark Control log"));
    }
}
