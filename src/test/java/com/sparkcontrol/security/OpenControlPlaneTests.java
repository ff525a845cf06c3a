package com.sparkcontrol.security;

import com.sparkcontrol.support.BackgroundPollers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The first-run experience on the shared context (no admin password, no API keys): everything is open, the dashboard
 * is told so, and a web page still cannot act through a LAN user's browser.
 */
class OpenControlPlaneTests extends SimulatedClusterTest {

    @Autowired
    CamelContext camel;

    Caller caller() {
        return new Caller(baseUrl());
    }

    @Test
    void theSessionSaysNoPasswordIsSetSoTheDashboardCanWarn() {
        JsonNode session = caller().session();
        assertThat(session.path("passwordSet").asBoolean()).isFalse();
        assertThat(session.path("authenticated").asBoolean()).isFalse();
        assertThat(session.path("readOnlyOpen").asBoolean()).isTrue();
    }

    @Test
    void controlActionsNeedNoSignIn() {
        HttpResponse<String> answer = caller().callWithoutToken("DELETE", "/api/ssh/known-hosts/spark9", null);
        assertThat(answer.statusCode()).as("the controller answered, not the security chain").isEqualTo(404);
        assertThat(Caller.json(answer).path("detail").asText()).contains("no Spark named spark9");
    }

    @Test
    void theDataPlaneIsOpenWithoutKeys() {
        assertThat(caller().get("/v1/models").statusCode()).isEqualTo(200);
    }

    @Test
    void aCrossSiteControlActionIsRefusedEvenWithoutAPassword() {
        BackgroundPollers.Quiet<HttpResponse<String>> quiet = BackgroundPollers.during(camel, cluster,
                () -> caller().send("POST", "/api/services/kokoro/install", null, false, "Origin", "http://evil.example"));
        assertThat(quiet.result().statusCode()).isEqualTo(403);
        assertThat(Caller.json(quiet.result()).path("error").asText()).isEqualTo("cross-site request refused");
        assertThat(quiet.commands()).as("commands a refused cross-site install caused").isEmpty();
        HttpResponse<String> answer = caller().send("DELETE", "/api/ssh/known-hosts/spark2", null, false, "Origin", "http://evil.example");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(Caller.json(answer).path("error").asText()).isEqualTo("cross-site request refused");
        assertThat(caller().send("POST", "/api/auth/password", Map.of("password", "attacker-chosen-1"), false,
                "Origin", "http://evil.example").statusCode()).as("nor can a web page lock the owner out").isEqualTo(403);
        assertThat(caller().session().path("passwordSet").asBoolean()).isFalse();
    }

    @Test
    void signingInWithoutAPasswordSaysThereIsNothingToSignInTo() {
        HttpResponse<String> answer = caller().signIn("anything-at-all");
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(Caller.json(answer).path("error").asText()).isEqualTo("no admin password is set");
    }

    @Test
    void controlActionsAreAuditedHereToo() {
        caller().callWithoutToken("DELETE", "/api/ssh/known-hosts/spark9", null);
        JsonNode newest = Caller.json(caller().get("/api/audit?limit=1")).path("entries").get(0);
        assertThat(newest.path("who").asText()).isEqualTo("anonymous@127.0.0.1");
        assertThat(newest.path("action").asText()).isEqualTo("DELETE /api/ssh/known-hosts/{node}");
        assertThat(newest.path("target").asText()).isEqualTo("spark9");
        assertThat(newest.path("result").asInt()).isEqualTo(404);
    }
}
