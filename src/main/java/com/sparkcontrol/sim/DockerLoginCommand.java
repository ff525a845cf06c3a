package com.sparkcontrol.sim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * {@code docker login [REGISTRY] -u USER --password-stdin} (or {@code -p}, which docker warns about). Only the
 * password's size is kept; an empty stdin is docker's "Cannot perform an interactive login" error.
 */
final class DockerLoginCommand implements DockerSubcommand {

    private final DockerFlags flags = new DockerFlags().value("-u", "--username").value("-p", "--password")
            .bool("--password-stdin");

    @Override
    public int run(Invocation call, List<String> args) {
        DockerFlags.Parsed parsed = flags.parseOrReport(call, "login", args, false);
        if (parsed == null) {
            return 125;
        }
        String registry = parsed.positionals().isEmpty() ? "docker.io" : registryHost(parsed.positionals().get(0));
        String user = parsed.value("--username");
        String password;
        boolean onCommandLine = false;
        if (parsed.has("--password-stdin")) {
            if (parsed.value("--password") != null) {
                call.errLine("Error: --password and --password-stdin are mutually exclusive");
                return 1;
            }
            if (user == null) {
                call.errLine("Error: Must provide --username with --password-stdin");
                return 1;
            }
            password = new String(call.stdin(), StandardCharsets.UTF_8);
            password = password.endsWith("\n") ? password.substring(0, password.length() - 1) : password;
            password = password.endsWith("\r") ? password.substring(0, password.length() - 1) : password;
        } else if (parsed.value("--password") != null) {
            call.errLine("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            password = parsed.value("--password");
            onCommandLine = true;
        } else {
            password = "";
        }
        if (password.isEmpty() || user == null || user.isEmpty()) {
            call.errLine("Error: Cannot perform an interactive login from a non TTY device");
            return 1;
        }
        call.node().docker().recordLogin(new DockerLogin(Instant.now(), registry, user,
                password.getBytes(StandardCharsets.UTF_8).length, onCommandLine));
        call.errLine("WARNING! Your password will be stored unencrypted in " + call.node().home()
                + "/.docker/config.json.");
        call.errLine("Configure a credential helper to remove this warning. See");
        call.errLine("https://docs.docker.com/engine/reference/commandline/login/#credential-stores");
        call.errLine("");
        call.outLine("Login Succeeded");
        return 0;
    }

    /** {@code https://nvcr.io/} → {@code nvcr.io}; Docker Hub's index URL → {@code docker.io}. */
    static String registryHost(String server) {
        String host = server.replaceFirst("^https?://", "");
        int slash = host.indexOf('/');
        host = slash < 0 ? host : host.substring(0, slash);
        return host.equals("index.docker.io") || host.equals("registry-1.docker.io") ? "docker.io" : host;
    }
}
