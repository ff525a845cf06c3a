package com.sparkcontrol.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The first run: no password, a one-step way to set one, and what that step leaves behind. */
class FirstRunPasswordTests extends SecuredClusterTest {

    @Test
    void beforeAnyPasswordTheSessionSaysNoneIsSet() {
        assertThat(sessionBeforePassword.path("passwordSet").asBoolean()).isFalse();
        assertThat(sessionBeforePassword.path("authenticated").asBoolean()).isFalse();
        assertThat(sessionBeforePassword.has("csrfToken")).isFalse();
    }

    @Test
    void settingTheFirstPasswordTakesOneCallAndSignsTheCallerIn() {
        assertThat(passwordSetAnswer.statusCode()).isEqualTo(200);
        JsonNode body = Caller.json(passwordSetAnswer);
        assertThat(body.path("passwordSet").asBoolean()).isTrue();
        assertThat(body.path("authenticated").asBoolean()).isTrue();
        assertThat(body.path("user").asText()).isEqualTo("admin");
        assertThat(passwordSetAnswer.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID="));
    }

    @Test
    void thePasswordIsSavedAsABcryptHashInConfigYamlOnly() throws Exception {
        String config = Files.readString(ROOT.resolve("data").resolve("config.yaml"));
        assertThat(config).contains("admin-password: \"{bcrypt}$2").doesNotContain(ADMIN_PASSWORD);
        assertThat(Files.getPosixFilePermissions(ROOT.resolve("data").resolve("config.yaml")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void onceSetNobodyButTheAdminMaySetItAgain() {
        Caller stranger = caller();
        stranger.session();
        assertThat(stranger.call("POST", "/api/auth/password", java.util.Map.of("password", "stranger-password-123")).statusCode()).isEqualTo(401);
        assertThat(caller().signIn(ADMIN_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void theSessionNowSaysAPasswordIsSetAndHandsOutACsrfToken() {
        Caller visitor = caller();
        JsonNode session = visitor.session();
        assertThat(session.path("passwordSet").asBoolean()).isTrue();
        assertThat(session.path("authenticated").asBoolean()).isFalse();
        assertThat(session.path("csrfToken").asText()).isNotBlank().isEqualTo(visitor.cookie("XSRF-TOKEN"));
    }
}
