package com.sparkcontrol.security;

import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.ssh.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The one admin account and the only owner of its password hash. {@code spark-control.admin-password} may hold the
 * password itself (hashed in memory at start) or a {@code {bcrypt}…} hash as the StartOS action writes it; a password
 * set from the dashboard is hashed, saved to {@code config.yaml} and takes effect at once. Each change starts a new
 * generation, so sessions signed in under the old password end.
 */
@Component
public class AdminAccount implements UserDetailsService {

    public static final String USERNAME = "admin";
    static final String ROLE = "ADMIN";
    static final int MIN_LENGTH = 8;
    /** bcrypt reads at most 72 bytes; Spring Security refuses longer passwords rather than cut them. */
    static final int MAX_BYTES = 72;

    private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);
    /** Hashes the delegating encoder can check; anything else in the setting is a password to hash. */
    private static final Pattern ENCODED = Pattern.compile("^\\{(bcrypt|argon2|pbkdf2|scrypt)(@[^}]*)?}\\S+$");

    private record Current(String hash, int generation) {}

    private final PasswordEncoder encoder;
    private final ConfigYamlPassword store;
    private volatile Current current;

    AdminAccount(SparkControlProperties properties, PasswordEncoder encoder, ConfigYamlPassword store) {
        this.encoder = encoder;
        this.store = store;
        String configured = properties.adminPassword();
        if (configured == null || configured.isBlank()) {
            this.current = new Current(null, 0);
            log.warn("No admin password is set: anyone on the network can control the cluster. Set one in the dashboard or with the StartOS action.");
        } else {
            this.current = new Current(ENCODED.matcher(configured.strip()).matches() ? configured.strip() : encoder.encode(configured), 0);
        }
    }

    public boolean passwordSet() {
        return current.hash() != null;
    }

    /** Changes with every new password; a session remembers the one it signed in under. */
    int generation() {
        return current.generation();
    }

    /**
     * Sets or changes the password: checked, hashed, saved to {@code config.yaml}, in force at once. Returns the
     * name of the setting source that will still win over {@code config.yaml} at the next start, if any.
     */
    synchronized SavedPassword change(String password) {
        requireAcceptable(password);
        String hash = encoder.encode(password);
        SavedPassword saved = store.save(hash);
        current = new Current(hash, current.generation() + 1);
        log.info("Admin password {}; its hash is saved in {}", saved.wasUnset() ? "set" : "changed", saved.file().getFileName());
        if (saved.shadowedBy() != null) {
            log.warn("The admin password in {} will override the one saved in {} at the next start", saved.shadowedBy(), saved.file().getFileName());
        }
        return saved;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Current now = current;
        if (now.hash() == null || !USERNAME.equals(username)) {
            throw new UsernameNotFoundException("no such user");
        }
        return new User(USERNAME, now.hash(), List.copyOf(AuthorityUtils.createAuthorityList("ROLE_" + ROLE)));
    }

    static void requireAcceptable(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidArgumentException("password", "must be at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidArgumentException("password", "must be at most " + MAX_BYTES + " bytes (bcrypt reads no more)");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidArgumentException("password", "may not contain control characters");
        }
    }
}
