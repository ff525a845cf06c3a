package com.sparkcontrol.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;
import java.util.List;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * A node's ed25519 host key, kept in OpenSSH format under the node's root so a restarted simulator keeps its
 * identity (and a client's pinned key stays valid); {@link #regenerate()} replaces it to test pinning.
 */
final class HostKeyStore implements KeyPairProvider {

    private final Path file;
    private volatile KeyPair current;

    HostKeyStore(Path file) {
        this.file = file;
        this.current = Files.exists(file) ? load(file) : generateInto(file);
    }

    PublicKey publicKey() {
        return current.getPublic();
    }

    void regenerate() {
        current = generateInto(file);
    }

    @Override
    public Iterable<KeyPair> loadKeys(SessionContext session) {
        return List.of(current);
    }

    private static KeyPair load(Path file) {
        try {
            Iterator<KeyPair> keys = new FileKeyPairProvider(file).loadKeys(null).iterator();
            if (!keys.hasNext()) {
                throw new IllegalStateException("no host key in " + file);
            }
            return keys.next();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read simulated host key " + file, e);
        }
    }

    private static KeyPair generateInto(Path file) {
        try {
            KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "sim-host-key", null, out);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ed25519 host key", e);
        }
    }
}
