package com.sparkcontrol.config;

/** A configuration key or file Spark Control cannot use; start-up stops with a message naming it. */
public class InvalidConfigurationException extends RuntimeException {

    private final String key;

    public InvalidConfigurationException(String key, String problem) {
        super("Invalid configuration '" + key + "': " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
