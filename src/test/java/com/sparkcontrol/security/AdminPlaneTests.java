package com.sparkcontrol.security;

import com.sparkcontrol.support.BackgroundPollers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The control plane with an admin password set: who may change what, and how refusals look. */
class AdminPlaneTests extends SecuredClusterTest {

    /** A control action that exists in every build: forget a Spark's pinned host key (no SSH command). */
    static final String ACTION = "/api/ssh/known-hosts/spark2";

    @Test
    void signedInAdminWithTheCsrfTokenMayAct() {
        HttpResponse<String> answer = admin().call("DELETE", ACTION, null);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Caller.json(answer).path("node").asText()).isEqualTo("spark2");
    }

    @Test
    void readOnlyViewsStayOpenByDefault() {
        Caller visitor = caller();
        assertThat(visitor.get("/api/ssh/public-key").statusCode()).isEqualTo(200);
        assertThat(visitor.get("/api/health").statusCode()).isEqualTo(200);
        assertThat(visitor.get("/api/endpoints").statusCode()).isEqualTo(200);
    }

    @Test
    void theAuditLogShowsWhoDidWhatAndHowItEnded() {
        Caller admin = admin();
        admin.call("DELETE", ACTION, null);
        caller().callWithoutToken("DELETE", "/api/ssh/known-hosts/spark1", null);

        JsonNode entries = Caller.json(admin.get("/api/audit?limit=10")).path("entries");
        assertThat(entries).isNotEmpty();
        JsonNode anonymous = entries.get(0);
        assertThat(anonymous.path("who").asText()).isEqualTo("anonymous@127.0.0.1");
        assertThat(anonymous.path("action").asText()).isEqualTo("DELETE /api/ssh/known-hosts/spark1");
        assertThat(anonymous.path("result").asInt()).isEqualTo(401);
        JsonNode byAdmin = entries.get(1);
        assertThat(byAdmin.path("who").asText()).isEqualTo("admin@127.0.0.1");
        assertThat(byAdmin.path("action").asText()).isEqualTo("DELETE /api/ssh/known-hosts/{node}");
        assertThat(byAdmin.path("target").asText()).isEqualTo("spark2");
        assertThat(byAdmin.path("result").asInt()).isEqualTo(200);
        assertThat(byAdmin.path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void signingOutEndsTheSession() {
        Caller admin = admin();
        assertThat(admin.call("POST", "/api/auth/logout", null).statusCode()).isEqualTo(204);
        assertThat(admin.session().path("authenticated").asBoolean()).isFalse();
        assertThat(admin.call("DELETE", ACTION, null).statusCode()).isEqualTo(401);
    }

    @Test
    void changingThePasswordSignsOtherSessionsOut() {
        Caller other = admin();
        Caller changer = admin();
        String newPassword = "FAKE-admin-pw-rotated-41";
        try {
            assertThat(changer.call("POST", "/api/auth/password", Map.of("password", newPassword)).statusCode()).isEqualTo(200);
            assertThat(other.call("DELETE", ACTION, null).statusCode()).isEqualTo(401);
            assertThat(other.session().path("authenticated").asBoolean()).isFalse();
            assertThat(changer.call("DELETE", ACTION, null).statusCode()).isEqualTo(200);
            assertThat(caller().signIn(ADMIN_PASSWORD).statusCode()).isEqualTo(401);
        } finally {
            Caller restorer = caller();
            assertThat(restorer.signIn(newPassword).statusCode()).isEqualTo(200);
            assertThat(restorer.call("POST", "/api/auth/password", Map.of("password", ADMIN_PASSWORD)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndTheCsrfCookieScriptReadable() {
        HttpResponse<String> signIn = caller().signIn(ADMIN_PASSWORD);
        String session = signIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
        String csrf = signIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN=")).findFirst().orElseThrow();
        assertThat(csrf).contains("SameSite=Strict").doesNotContain("HttpOnly");
    }

    @Test
    void behindATlsProxyTheCookiesAreSecure() {
        Caller viaProxy = caller().always("X-Forwarded-Proto", "https").always("X-Forwarded-For", "198.51.100.7");
        HttpResponse<String> session = viaProxy.get("/api/auth/session");
        assertThat(session.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN=").contains("Secure"));
        // a Secure cookie is not sent back over plain HTTP by the cookie jar: send it as the TLS proxy would pass it on
        String token = Caller.json(session).path("csrfToken").asText();
        HttpResponse<String> signIn = viaProxy.send("POST", "/api/auth/login", Map.of("password", ADMIN_PASSWORD), false,
                "X-XSRF-TOKEN", token, "Cookie", "XSRF-TOKEN=" + token);
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID=")).singleElement()
                .satisfies(c -> assertThat(c).contains("Secure").contains("HttpOnly").contains("SameSite=Strict"));
        assertThat(session.headers().firstValue("Strict-Transport-Security")).as("HSTS is the TLS proxy's call").isEmpty();
    }

    @Test
    void theDashboardCannotBeFramedByAnotherPage() {
        HttpResponse<String> page = caller().send("GET", "/", null, false, "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Nested
    class Refusals {

        @Test
        void aCallWithoutASessionGets401AndNoCommandReachesASpark() {
            Caller stranger = caller();
            stranger.session(); // holds a valid CSRF token: only the sign-in is missing
            BackgroundPollers.Quiet<HttpResponse<String>> quiet = quietly(() -> stranger.call("DELETE", ACTION, null));
            assertThat(quiet.result().statusCode()).isEqualTo(401);
            assertThat(Caller.json(quiet.result()).path("error").asText()).isEqualTo("sign-in required");
            assertThat(quiet.commands()).isEmpty();
        }

        @Test
        void aSignedInCallWithoutTheCsrfTokenGets403() {
            Caller admin = admin();
            BackgroundPollers.Quiet<HttpResponse<String>> quiet = quietly(() -> admin.callWithoutToken("DELETE", ACTION, null));
            assertThat(quiet.result().statusCode()).isEqualTo(403);
            assertThat(Caller.json(quiet.result()).path("error").asText()).contains("CSRF");
            assertThat(quiet.commands()).isEmpty();
        }

        @Test
        void aSignedInCallWithAWrongCsrfTokenGets403() {
            Caller admin = admin();
            HttpResponse<String> answer = admin.send("DELETE", ACTION, null, false, "X-XSRF-TOKEN", "not-the-token");
            assertThat(answer.statusCode()).isEqualTo(403);
        }

        @Test
        void aCrossSiteCallIsRefusedEvenFromASignedInBrowser() {
            Caller admin = admin();
            HttpResponse<String> answer = admin.send("DELETE", ACTION, null, true, "Origin", "http://evil.example");
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(Caller.json(answer).path("error").asText()).isEqualTo("cross-site request refused");
        }

        @Test
        void signingInNeedsTheCsrfTokenToo() {
            Caller visitor = caller();
            visitor.session();
            assertThat(visitor.callWithoutToken("POST", "/api/auth/login", Map.of("password", ADMIN_PASSWORD)).statusCode()).isEqualTo(403);
        }

        @Test
        void theAuditLogIsForTheAdminOnly() {
            assertThat(caller().get("/api/audit").statusCode()).isEqualTo(401);
        }

        @Test
        void anApiKeyDoesNotOpenTheControlPlane() {
            Caller app = caller().always("Authorization", "Bearer " + API_KEY);
            app.session();
            assertThat(app.call("DELETE", ACTION, null).statusCode()).isEqualTo(401);
        }

        @Test
        void aWrongPasswordIs401AndTheSixthFailureInAMinuteIs429WithRetryAfter() {
            Caller guesser = caller().always("X-Forwarded-For", "203.0.113.66"); // a client of its own, so no other test is slowed
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> wrong = guesser.signIn("wrong-guess-" + i);
                assertThat(wrong.statusCode()).as("attempt %d", i + 1).isEqualTo(401);
            }
            HttpResponse<String> throttled = guesser.signIn(ADMIN_PASSWORD);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 60));
            assertThat(caller().signIn(ADMIN_PASSWORD).statusCode()).as("another client still signs in").isEqualTo(200);
        }
    }
}
