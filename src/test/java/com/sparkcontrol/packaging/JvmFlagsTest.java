package com.sparkcontrol.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The StartOS image and the systemd unit start the JVM with the same memory flags: those are the flags the
 * gateway's memory goal was measured with (docs/PERFORMANCE.md), so one must not drift from the other.
 */
class JvmFlagsTest {

    @Test
    void theSystemdUnitUsesTheStartosImagesJvmFlags() throws IOException {
        Matcher image = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]+)\"").matcher(Files.readString(Path.of("startos/Dockerfile")));
        assertThat(image.find()).as("JAVA_TOOL_OPTIONS in startos/Dockerfile").isTrue();
        String unit = Files.readString(Path.of("deploy/spark-control.service")).replace("\\\n", " ");
        Matcher exec = Pattern.compile("(?m)^ExecStart=/usr/bin/java (.+?) -jar ").matcher(unit);
        assertThat(exec.find()).as("ExecStart in deploy/spark-control.service").isTrue();

        List<String> imageFlags = Arrays.asList(image.group(1).trim().split("\\s+"));
        List<String> unitFlags = Arrays.asList(exec.group(1).trim().split("\\s+"));
        assertThat(unitFlags).containsExactlyInAnyOrderElementsOf(imageFlags).anyMatch(flag -> flag.startsWith("-Xmx"));
    }
}
