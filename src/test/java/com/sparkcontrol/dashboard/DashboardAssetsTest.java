package com.sparkcontrol.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboard's files as shipped: small, self-contained (no CDN, no build step) and with every module import resolvable. */
class DashboardAssetsTest {

    private static final Path UI = Path.of("static-ui");
    private static final long BUDGET_BYTES = 150 * 1000;
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s[^;]*?from\\s+'([^']+)'|^\\s*import\\s+'([^']+)'");
    private static final Pattern EXTERNAL = Pattern.compile("(?i)(src|href)\\s*=\\s*\"(https?:)?//|@import\\s+url\\(\\s*['\"]?(https?:)?//|\\bimport\\s[^;]*?from\\s+'(https?:)?//");

    @Test
    void allScriptsAndStylesTogetherStayUnderTheBudget() throws IOException {
        long total = 0;
        List<String> files = new ArrayList<>();
        for (Path file : files(".js", ".css")) {
            total += Files.size(file);
            files.add(UI.relativize(file) + " " + Files.size(file));
        }
        assertThat(total).as("bytes of JS + CSS under static-ui (%s)", files).isLessThan(BUDGET_BYTES);
    }

    @Test
    void nothingIsLoadedFromAnotherHost() throws IOException {
        for (Path file : files(".html", ".js", ".css")) {
            assertThat(EXTERNAL.matcher(Files.readString(file)).find()).as("%s loads something from another host", file).isFalse();
        }
    }

    @Test
    void everyModuleImportPointsAtAShippedFile() throws IOException {
        for (Path file : files(".js")) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String target = m.group(1) != null ? m.group(1) : m.group(2);
                assertThat(target).as("imports in %s are relative", file).startsWith("./");
                assertThat(file.resolveSibling(target)).as("%s imports %s", file, target).isRegularFile();
            }
        }
    }

    @Test
    void thePageReferencesOnlyShippedFiles() throws IOException {
        String html = Files.readString(UI.resolve("index.html"));
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"").matcher(html);
        int seen = 0;
        while (m.find()) {
            if (m.group(1).equals("login.html")) {
                continue; // the security module's page, linked only when an admin password is set
            }
            assertThat(UI.resolve(m.group(1))).as("index.html refers to %s", m.group(1)).exists();
            seen++;
        }
        assertThat(seen).isGreaterThanOrEqualTo(3);
    }

    private static List<Path> files(String... extensions) throws IOException {
        try (Stream<Path> walk = Files.walk(UI)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(extensions).anyMatch(e -> p.getFileName().toString().endsWith(e)))
                    .sorted().toList();
        }
    }
}
