package com.sparkcontrol.web;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.ssh.KeyInstallCommand;
import com.sparkcontrol.ssh.PinnedHostKeys;
import com.sparkcontrol.ssh.SparkShell;
import com.sparkcontrol.ssh.SshKeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The SSH set-up an operator needs: the public key with its install command, and re-accepting a changed host key. */
@RestController
class SshKeyController {

    private final SshKeyStore keys;
    private final KeyInstallCommand installCommand;
    private final PinnedHostKeys hostKeys;
    private final SparkNodes nodes;
    private final SparkShell shell;

    SshKeyController(SshKeyStore keys, KeyInstallCommand installCommand, PinnedHostKeys hostKeys, SparkNodes nodes, SparkShell shell) {
        this.keys = keys;
        this.installCommand = installCommand;
        this.hostKeys = hostKeys;
        this.nodes = nodes;
        this.shell = shell;
    }

    @GetMapping("/api/ssh/public-key")
    Map<String, Object> publicKey() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("publicKey", keys.publicKeyLine());
        String command = installCommand.command();
        body.put("installCommand", command);
        if (command == null) {
            body.put("hint", "Configure the Sparks' hosts and users first; then this command adds the key on every Spark.");
        }
        return body;
    }

    /** Forget a Spark's pinned host key so the next connection pins the new one (after a reinstall). */
    @DeleteMapping("/api/ssh/known-hosts/{node}")
    Map<String, Object> forgetHostKey(@PathVariable String node) {
        SparkNode spark = nodes.require(node);
        boolean removed = hostKeys.forget(spark.host(), spark.sshPort());
        shell.drop(spark);
        return Map.of("node", spark.id(), "forgotten", removed);
    }
}
