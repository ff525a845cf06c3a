package com.sparkcontrol.health;

import com.sparkcontrol.health.SparkReading.Memory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory from {@code /proc/meminfo}. Used = total − MemAvailable (what the kernel could hand out without
 * swapping), the figure that matters on a GB10, where the GPU allocates from this same pool.
 */
final class MeminfoParser {

    private MeminfoParser() {}

    /** Parsed figures; {@code unified} is decided later from what the GPU reported. */
    static Memory parse(List<String> lines, boolean unified) {
        Map<String, Long> kib = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] value = line.substring(colon + 1).strip().split("\\s+");
            Long number = Numbers.wholeNumber(value[0]);
            if (number != null) {
                boolean inKib = value.length > 1 && value[1].equalsIgnoreCase("kB");
                kib.put(line.substring(0, colon).strip(), inKib || value.length == 1 ? number : null);
            }
        }
        Long total = bytes(kib.get("MemTotal"));
        Long available = bytes(kib.get("MemAvailable"));
        if (available == null && kib.get("MemFree") != null) {
            // kernels before 3.14 have no MemAvailable: free + page cache is the usual estimate
            available = bytes(kib.get("MemFree") + orZero(kib.get("Buffers")) + orZero(kib.get("Cached")));
        }
        if (total == null || total <= 0) {
            return new Memory(null, null, available, unified);
        }
        if (available != null && (available < 0 || available > total)) {
            available = null;
        }
        Long used = available == null ? null : total - available;
        return new Memory(total, used, available, unified);
    }

    private static Long bytes(Long kib) {
        return kib == null || kib > Long.MAX_VALUE / 1024 ? null : kib * 1024;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
