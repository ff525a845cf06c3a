package com.sparkcontrol.health;

import com.sparkcontrol.health.SparkReading.Disk;
import java.util.List;

/**
 * Size and free space of the Hugging Face cache's file system, from GNU {@code df -B1 --output=size,avail}
 * (bytes) or, where that is missing, POSIX {@code df -P -k} (KiB). The gatherer prints {@code path <dir>} first.
 */
final class DfParser {

    private DfParser() {}

    static Disk parse(List<String> lines) {
        String path = null;
        Long total = null;
        Long free = null;
        long unit = 1;
        boolean posix = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("path ")) {
                path = line.substring(5).strip();
                continue;
            }
            String[] fields = line.split("\\s+");
            if (line.contains("blocks")) { // a header says which format follows
                posix = fields[0].equalsIgnoreCase("Filesystem");
                unit = line.contains("1024-blocks") || line.contains("1K-blocks") ? 1024 : 1;
                continue;
            }
            if (posix && fields.length >= 4) {
                total = times(Numbers.wholeNumber(fields[1]), unit);
                free = times(Numbers.wholeNumber(fields[3]), unit);
            } else if (!posix && fields.length == 2) {
                total = times(Numbers.wholeNumber(fields[0]), unit);
                free = times(Numbers.wholeNumber(fields[1]), unit);
            }
        }
        if (total != null && free != null && free > total) {
            free = null; // not a file system figure we can trust
        }
        return new Disk(path == null || path.isEmpty() ? null : path, total, free);
    }

    private static Long times(Long value, long unit) {
        return value == null || value > Long.MAX_VALUE / unit ? null : value * unit;
    }
}
