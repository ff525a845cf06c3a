package com.sparkcontrol.ssh;

import com.sparkcontrol.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Trust on first use: the first host key a Spark shows is pinned in {@code <data>/ssh/known_hosts}
 * (OpenSSH format, three fields per line); a different key later is refused until an operator forgets
 * the old one on purpose.
 */
@Component
public class PinnedHostKeys implements ServerKeyVerifier {

    private static final Logger log = LoggerFactory.getLogger(PinnedHostKeys.class);

    /** A refused key, remembered so the SSH layer can explain the failure. */
    public record Mismatch(String entry, String pinnedFingerprint, String offeredFingerprint) {}

    private final DataDirectory dataDirectory;
    private final Path file;
    private final Map<String, Mismatch> mismatches = new ConcurrentHashMap<>();

    public PinnedHostKeys(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.file = dataDirectory.sshDir().resolve("known_hosts");
    }

    @Override
    public synchronized boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        SocketAddress target = session.getConnectAddress() != null ? session.getConnectAddress() : remoteAddress;
        SshdSocketAddress address = SshdSocketAddress.toSshdSocketAddress(target);
        String entry = entryName(address.getHostName(), address.getPort());
        String offered = PublicKeyEntry.toString(serverKey);
        Map<String, String> pinned = readAll();
        String known = pinned.get(entry);
        if (known == null) {
            pinned.put(entry, offered);
            writeAll(pinned);
            mismatches.remove(entry);
            log.info("Pinned the host key of {} ({})", entry, KeyUtils.getFingerPrint(serverKey));
            return true;
        }
        if (known.equals(offered)) {
            mismatches.remove(entry);
            return true;
        }
        String pinnedFingerprint = fingerprintOf(known);
        mismatches.put(entry, new Mismatch(entry, pinnedFingerprint, KeyUtils.getFingerPrint(serverKey)));
        log.warn("Refused {}: its host key changed from {} to {}", entry, pinnedFingerprint, KeyUtils.getFingerPrint(serverKey));
        return false;
    }

    /** The refused key for this address, if the last connection was refused for that reason. */
    public Optional<Mismatch> mismatchFor(String host, int port) {
        return Optional.ofNullable(mismatches.get(entryName(host, port)));
    }

    /** Accepts the next key this address shows: an operator's deliberate choice after a Spark was reinstalled. */
    public synchronized boolean forget(String host, int port) {
        String entry = entryName(host, port);
        Map<String, String> pinned = readAll();
        boolean removed = pinned.remove(entry) != null;
        if (removed) {
            writeAll(pinned);
            log.info("Forgot the pinned host key of {}; the next key it shows will be pinned", entry);
        }
        mismatches.remove(entry);
        return removed;
    }

    public Path file() {
        return file;
    }

    /** OpenSSH's name for a host: {@code host}, or {@code [host]:port} when not on port 22. */
    static String entryName(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    private Map<String, String> readAll() {
        Map<String, String> entries = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 3 && !line.startsWith("#")) {
                    entries.put(fields[0], fields[1] + " " + fields[2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return entries;
    }

    private void writeAll(Map<String, String> entries) {
        StringBuilder out = new StringBuilder();
        entries.forEach((entry, key) -> out.append(entry).append(' ').append(key).append('\n'));
        dataDirectory.writeAtomically(file, out.toString().getBytes(StandardCharsets.US_ASCII), DataDirectory.OWNER_ONLY_FILE);
    }

    private static String fingerprintOf(String typeAndKey) {
        try {
            PublicKey key = PublicKeyEntry.parsePublicKeyEntry(typeAndKey).resolvePublicKey(null, null, null);
            return KeyUtils.getFingerPrint(key);
        } catch (Exception e) {
            return "(unreadable pinned key)";
        }
    }
}
