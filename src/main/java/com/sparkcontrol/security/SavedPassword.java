package com.sparkcontrol.security;

import java.nio.file.Path;

/**
 * Where a new admin password's hash was saved, whether there was none before, and the setting source (for example
 * the environment) that will override it at the next start, or {@code null}.
 */
record SavedPassword(Path file, boolean wasUnset, String shadowedBy) {}
