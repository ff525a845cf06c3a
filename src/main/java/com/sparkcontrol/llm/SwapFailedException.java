package com.sparkcontrol.llm;

/** A swap step decided the swap cannot succeed; {@code kind} names the failure for the card (e.g. "out of memory"). */
final class SwapFailedException extends RuntimeException {

    private final String kind;

    SwapFailedException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    String kind() {
        return kind;
    }
}
