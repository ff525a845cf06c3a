package com.sparkcontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.ssh.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class AdminAccountTests {

    /** The StartOS contract sample: "sample admin password", hashed by bcryptjs with a $2b$ prefix. */
    static final String STARTOS_HASH = "{bcrypt}$2b$10$3rA7yMo2kTsn7oX1xp598.cfdS4P/Q9tclHYSLmLhnZgvR4Z0Q.e.";

    @TempDir
    Path dir;

    final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    AdminAccount account(String configured) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        source.put("spark-control.data-dir", dir.toString());
        if (configured != null) {
            source.put("spark-control.admin-password", configured);
        }
        SparkControlProperties properties = new Binder(source).bindOrCreate("spark-control", SparkControlProperties.class);
        DataDirectory data = new DataDirectory(properties);
        return new AdminAccount(properties, encoder, new ConfigYamlPassword(data, new StandardEnvironment()));
    }

    @Test
    void noSettingMeansNoPassword() {
        assertThat(account(null).passwordSet()).isFalse();
        assertThat(account("  ").passwordSet()).isFalse();
    }

    @Test
    void aPlainPasswordInTheSettingIsHashedInMemory() {
        String stored = account("FAKE-plain-pw-123").loadUserByUsername("admin").getPassword();
        assertThat(stored).startsWith("{bcrypt}$2").doesNotContain("FAKE-plain-pw-123");
        assertThat(encoder.matches("FAKE-plain-pw-123", stored)).isTrue();
    }

    @Test
    void theStartosActionsBcryptHashIsAcceptedAsWritten() {
        String stored = account(STARTOS_HASH).loadUserByUsername("admin").getPassword();
        assertThat(stored).isEqualTo(STARTOS_HASH);
        assertThat(encoder.matches("sample admin password", stored)).isTrue();
    }

    @Test
    void aNewPasswordIsSavedAsAHashInConfigYamlKeepingEveryOtherKey() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "spark1:\n  host: \"192.168.1.10\"\nngc-api-key: \"nvapi-EXAMPLE\"\nadmin-password: \"\"\n");
        AdminAccount admin = account(null);

        SavedPassword saved = admin.change("FAKE-new-pw-456");

        String config = Files.readString(dir.resolve("config.yaml"));
        assertThat(config).contains("host: \"192.168.1.10\"", "ngc-api-key: \"nvapi-EXAMPLE\"", "admin-password: \"{bcrypt}$2")
                .doesNotContain("FAKE-new-pw-456");
        assertThat(saved.wasUnset()).isTrue();
        assertThat(admin.passwordSet()).isTrue();
        assertThat(encoder.matches("FAKE-new-pw-456", admin.loadUserByUsername("admin").getPassword())).isTrue();
    }

    @Test
    void eachChangeStartsANewGeneration() {
        AdminAccount admin = account("FAKE-plain-pw-123");
        int before = admin.generation();
        admin.change("FAKE-new-pw-456");
        assertThat(admin.generation()).isGreaterThan(before);
    }

    @Nested
    class Refusals {

        @Test
        void tooShortTooLongOrControlCharacters() {
            for (String bad : List.of("short", "x".repeat(73), "with\nnewline-123", "é".repeat(37))) {
                assertThatThrownBy(() -> AdminAccount.requireAcceptable(bad)).isInstanceOf(InvalidArgumentException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
            }
        }

        @Test
        void onlyTheAdminUserExists() {
            assertThatThrownBy(() -> account("FAKE-plain-pw-123").loadUserByUsername("root"))
                    .isInstanceOf(org.springframework.security.core.userdetails.UsernameNotFoundException.class);
        }

        @Test
        void aRefusedPasswordChangesNothing() throws Exception {
            AdminAccount admin = account(null);
            assertThatThrownBy(() -> admin.change("short")).isInstanceOf(InvalidArgumentException.class);
            assertThat(admin.passwordSet()).isFalse();
            assertThat(dir.resolve("config.yaml")).doesNotExist();
        }
    }
}
