package com.sparkcontrol.ssh;

/** A value from a request that may not reach a Spark's command line; answered with a 400 before any SSH. */
public class InvalidArgumentException extends IllegalArgumentException {

    private final String field;

    public InvalidArgumentException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
