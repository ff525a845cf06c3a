package com.sparkcontrol.ssh;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The paste-ready block that authorises Spark Control's key on every configured Spark. It is idempotent:
 * running it twice leaves one line in {@code authorized_keys}.
 */
@Component
public class KeyInstallCommand {

    private final SshKeyStore keys;
    private final SparkNodes nodes;

    public KeyInstallCommand(SshKeyStore keys, SparkNodes nodes) {
        this.keys = keys;
        this.nodes = nodes;
    }

    /** The script each Spark runs (through the user's login shell, which is what {@code ssh host 'script'} does). */
    public String remoteScript() {
        String key = ShellQuote.quote(keys.publicKeyLine());
        return "mkdir -p ~/.ssh && chmod 700 ~/.ssh && touch ~/.ssh/authorized_keys && chmod 600 ~/.ssh/authorized_keys"
                + " && (grep -qxF " + key + " ~/.ssh/authorized_keys || echo " + key + " >> ~/.ssh/authorized_keys)";
    }

    /** One line per configured Spark, or null when no Spark is configured yet (then only the raw key helps). */
    public String command() {
        List<SparkNode> configured = nodes.all().stream().filter(SparkNode::configured).toList();
        if (configured.isEmpty()) {
            return null;
        }
        String script = ShellQuote.quote(remoteScript());
        return configured.stream()
                .map(node -> "ssh " + (node.sshPort() == 22 ? "" : "-p " + node.sshPort() + " ")
                        + ShellQuote.quote(node.user() + "@" + node.host()) + " " + script)
                .collect(Collectors.joining("\n"));
    }
}
