package com.sparkcontrol.ssh;

import com.sparkcontrol.config.DataDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The app's own SSH identity: an ed25519 key pair generated on first start in {@code <data>/ssh/}
 * (private key 0600, OpenSSH format) and reused on every start after.
 */
@Component
public class SshKeyStore {

    private static final Logger log = LoggerFactory.getLogger(SshKeyStore.class);
    static final String COMMENT = "spark-control";

    private final Path privateKeyFile;
    private final Path publicKeyFile;
    private final KeyPair keyPair;

    public SshKeyStore(DataDirectory dataDirectory) {
        this.privateKeyFile = dataDirectory.sshDir().resolve("id_ed25519");
        this.publicKeyFile = dataDirectory.sshDir().resolve("id_ed25519.pub");
        this.keyPair = Files.isRegularFile(privateKeyFile) ? load() : generate(dataDirectory);
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** {@code ssh-ed25519 AAAA… spark-control}: one line for {@code authorized_keys}. */
    public String publicKeyLine() {
        return PublicKeyEntry.toString(keyPair.getPublic()) + " " + COMMENT;
    }

    public Path privateKeyFile() {
        return privateKeyFile;
    }

    private KeyPair load() {
        try (InputStream in = Files.newInputStream(privateKeyFile)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, new PathResource(privateKeyFile), in, null);
            KeyPair pair = pairs.iterator().next();
            log.info("Using the SSH key in {}", privateKeyFile);
            return pair;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the SSH key " + privateKeyFile
                    + "; move it away to generate a new one (then install the new public key on every Spark)", e);
        }
    }

    private KeyPair generate(DataDirectory dataDirectory) {
        try {
            KeyPairGenerator generator = SecurityUtils.getKeyPairGenerator(SecurityUtils.EDDSA);
            generator.initialize(256);
            KeyPair pair = generator.generateKeyPair();
            ByteArrayOutputStream privateKey = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, COMMENT, null, privateKey);
            dataDirectory.writeAtomically(privateKeyFile, privateKey.toByteArray(), DataDirectory.OWNER_ONLY_FILE);
            String publicLine = PublicKeyEntry.toString(pair.getPublic()) + " " + COMMENT + "\n";
            dataDirectory.writeAtomically(publicKeyFile, publicLine.getBytes(StandardCharsets.US_ASCII), null);
            log.info("Generated a new ed25519 SSH key in {}; install it on every Spark (GET /api/ssh/public-key)", privateKeyFile);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SSH key to " + privateKeyFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ed25519 key", e);
        }
    }
}
