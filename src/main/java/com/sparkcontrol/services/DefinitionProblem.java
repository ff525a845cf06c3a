package com.sparkcontrol.services;

/**
 * Why one entry of a services file was not loaded: which entry, which field (as a path such as
 * {@code services.reranker.ports[0]}), and what to write instead.
 */
public record DefinitionProblem(String entry, String field, String message) {

    /** The entry name used for problems with the file as a whole (unreadable YAML, a wrong top level). */
    public static final String FILE = "(file)";

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
