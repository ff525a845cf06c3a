package com.sparkcontrol.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.config.SparkControlProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** The access rules of the control plane, in both settings of {@code read-only-open}. */
class ControlPlaneAccessTests {

    @TempDir
    Path dir;

    static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    static final Authentication ADMIN = UsernamePasswordAuthenticationToken.authenticated("admin", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN"));

    ControlPlaneAccess access(String password, boolean readOnlyOpen) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        source.put("spark-control.data-dir", dir.toString());
        if (password != null) {
            source.put("spark-control.admin-password", password);
        }
        SparkControlProperties properties = new Binder(source).bindOrCreate("spark-control", SparkControlProperties.class);
        AdminAccount admin = new AdminAccount(properties, PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                new ConfigYamlPassword(new DataDirectory(properties), new StandardEnvironment()));
        return new ControlPlaneAccess(admin, new SecurityProperties(readOnlyOpen, 5, 60, 100));
    }

    static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        return request;
    }

    @Test
    void withoutAPasswordEverythingIsOpen() {
        ControlPlaneAccess open = access(null, false);
        assertThat(open.allows(ANONYMOUS, request("POST", "/api/models/x/switch"))).isTrue();
        assertThat(open.allows(ANONYMOUS, request("GET", "/api/audit"))).isTrue();
    }

    @Test
    void withAPasswordChangesNeedTheAdmin() {
        ControlPlaneAccess locked = access("FAKE-admin-pw-1", true);
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            assertThat(locked.allows(ANONYMOUS, request(method, "/api/models/x/switch"))).as(method).isFalse();
            assertThat(locked.allows(ADMIN, request(method, "/api/models/x/switch"))).as(method).isTrue();
        }
    }

    @Test
    void readOnlyViewsFollowTheSetting() {
        assertThat(access("FAKE-admin-pw-1", true).allows(ANONYMOUS, request("GET", "/api/status"))).isTrue();
        assertThat(access("FAKE-admin-pw-1", false).allows(ANONYMOUS, request("GET", "/api/status"))).isFalse();
        assertThat(access("FAKE-admin-pw-1", false).allows(ADMIN, request("GET", "/api/status"))).isTrue();
    }

    @Test
    void discoveryHealthSessionLoginAndTheDashboardPagesStayOpenEvenWhenReadsAreClosed() {
        ControlPlaneAccess closed = access("FAKE-admin-pw-1", false);
        assertThat(closed.allows(ANONYMOUS, request("GET", "/api/health"))).isTrue();
        assertThat(closed.allows(ANONYMOUS, request("GET", "/api/endpoints"))).isTrue();
        assertThat(closed.allows(ANONYMOUS, request("GET", "/api/auth/session"))).isTrue();
        assertThat(closed.allows(ANONYMOUS, request("POST", "/api/auth/login"))).isTrue();
        assertThat(closed.allows(ANONYMOUS, request("GET", "/login.html"))).isTrue();
        assertThat(closed.allows(ANONYMOUS, request("GET", "/js/app.js"))).isTrue();
    }

    @Test
    void theAuditLogIsAdminOnlyEvenWhenReadsAreOpen() {
        assertThat(access("FAKE-admin-pw-1", true).allows(ANONYMOUS, request("GET", "/api/audit"))).isFalse();
    }

    @Test
    void settingAnotherPasswordNeedsTheAdmin() {
        assertThat(access("FAKE-admin-pw-1", true).allows(ANONYMOUS, request("POST", "/api/auth/password"))).isFalse();
        assertThat(access(null, true).allows(ANONYMOUS, request("POST", "/api/auth/password"))).isTrue();
    }
}
