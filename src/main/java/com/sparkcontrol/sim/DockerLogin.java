package com.sparkcontrol.sim;

import java.time.Instant;

/** A {@code docker login} a simulated Spark accepted: registry and user, and only the password's size. */
public record DockerLogin(Instant at, String registry, String username, int passwordBytes, boolean passwordOnCommandLine) {
}
