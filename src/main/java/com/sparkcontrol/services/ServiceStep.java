package com.sparkcontrol.services;

import com.sparkcontrol.ssh.RemoteCommand;
import java.time.Duration;

/**
 * One command of a lifecycle action, as it will run on the service's Spark. {@code stdin} carries what must
 * not be on a command line (a registry password, secret environment values, overlay files); it is never
 * printed, not even by {@link #toString()}.
 */
record ServiceStep(String description, RemoteCommand command, byte[] stdin, Duration timeout) {

    ServiceStep(String description, RemoteCommand command, Duration timeout) {
        this(description, command, null, timeout);
    }

    @Override
    public String toString() {
        return description + ": " + command.line() + (stdin == null ? "" : " (" + stdin.length + " bytes on stdin)");
    }
}
