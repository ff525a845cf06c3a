package com.sparkcontrol.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class CrossSiteRefusalTests {

    static MockHttpServletRequest post(String host) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/models/x/switch");
        request.addHeader("Host", host);
        request.setServerName(host.split(":")[0]);
        request.setServerPort(host.contains(":") ? Integer.parseInt(host.split(":")[1]) : 80);
        return request;
    }

    @Test
    void toolsThatSendNoOriginAreNotAffected() {
        assertThat(CrossSiteRefusal.crossSite(post("192.168.1.20:8080"))).isFalse();
    }

    @Test
    void theDashboardsOwnOriginPasses() {
        MockHttpServletRequest request = post("192.168.1.20:8080");
        request.addHeader("Origin", "http://192.168.1.20:8080");
        request.addHeader("Sec-Fetch-Site", "same-origin");
        assertThat(CrossSiteRefusal.crossSite(request)).isFalse();
    }

    @Test
    void behindAProxyTheForwardedHostCounts() {
        MockHttpServletRequest request = post("10.0.3.5:8080");
        request.addHeader("X-Forwarded-Host", "spark-control.local");
        request.addHeader("Origin", "https://spark-control.local");
        assertThat(CrossSiteRefusal.crossSite(request)).isFalse();
    }

    @Test
    void behindAProxyAnotherSiteIsStillRefused() {
        MockHttpServletRequest request = post("10.0.3.5:8080");
        request.addHeader("X-Forwarded-Host", "spark-control.local");
        request.addHeader("Origin", "https://evil.example");
        assertThat(CrossSiteRefusal.crossSite(request)).isTrue();
    }

    @Test
    void anotherSiteIsRefused() {
        MockHttpServletRequest request = post("192.168.1.20:8080");
        request.addHeader("Origin", "http://192.168.1.66:8080");
        assertThat(CrossSiteRefusal.crossSite(request)).isTrue();
    }

    @Test
    void anotherPortOnTheSameHostIsRefused() {
        MockHttpServletRequest request = post("192.168.1.20:8080");
        request.addHeader("Origin", "http://192.168.1.20:3000"); // e.g. another LAN app on the same box
        assertThat(CrossSiteRefusal.crossSite(request)).isTrue();
    }

    @Test
    void aNullOriginOrACrossSiteFetchIsRefused() {
        MockHttpServletRequest sandboxed = post("192.168.1.20:8080");
        sandboxed.addHeader("Origin", "null");
        assertThat(CrossSiteRefusal.crossSite(sandboxed)).isTrue();
        MockHttpServletRequest crossSite = post("192.168.1.20:8080");
        crossSite.addHeader("Sec-Fetch-Site", "cross-site");
        assertThat(CrossSiteRefusal.crossSite(crossSite)).isTrue();
    }
}
