package com.sparkcontrol.sim;

import java.util.Locale;

/** tqdm's progress-bar text, as vLLM and the Hugging Face client print it (same widths, units and glyphs). */
final class TqdmBar {

    private static final String GLYPHS = " ▏▎▍▌▋▊▉█";
    private static final int WIDTH = 10;

    private TqdmBar() {
    }

    /** {@code desc:  37%|███▋      | 3/8 [00:02<00:03,  1.52it/s]}. */
    static String items(String desc, long n, long total, double elapsedSeconds) {
        double rate = elapsedSeconds > 0 && n > 0 ? n / elapsedSeconds : 0;
        String rateText;
        if (rate == 0) {
            rateText = "?it/s";
        } else if (rate < 1) {
            rateText = String.format(Locale.ROOT, "%5.2fs/it", 1 / rate);
        } else {
            rateText = String.format(Locale.ROOT, "%5.2fit/s", rate);
        }
        return line(desc, n, total, elapsedSeconds, rate, Long.toString(n), Long.toString(total), rateText);
    }

    /** {@code desc:  45%|████▌     | 2.25G/5.00G [00:03<00:04, 650MB/s]}. */
    static String bytes(String desc, long n, long total, double elapsedSeconds) {
        double rate = elapsedSeconds > 0 && n > 0 ? n / elapsedSeconds : 0;
        String rateText = rate == 0 ? "?B/s" : sizeof(rate) + "B/s";
        return line(desc, n, total, elapsedSeconds, rate, sizeof(n), sizeof(total), rateText);
    }

    private static String line(String desc, long n, long total, double elapsed, double rate, String nText,
            String totalText, String rateText) {
        double fraction = total > 0 ? Math.min(1.0, (double) n / total) : 0;
        String remaining = rate > 0 ? interval((total - n) / rate) : "?";
        return String.format(Locale.ROOT, "%s: %3.0f%%|%s| %s/%s [%s<%s, %s]", desc, fraction * 100,
                bar(fraction), nText, totalText, interval(elapsed), remaining, rateText);
    }

    static String bar(double fraction) {
        int eighths = (int) (fraction * WIDTH * 8);
        int full = eighths / 8;
        int partial = eighths % 8;
        StringBuilder bar = new StringBuilder(GLYPHS.substring(8).repeat(full));
        if (full < WIDTH) {
            bar.append(GLYPHS.charAt(partial)).append(" ".repeat(WIDTH - full - 1));
        }
        return bar.toString();
    }

    /** tqdm's {@code format_sizeof}: three significant digits and a k/M/G/T suffix (divisor 1000). */
    static String sizeof(double num) {
        for (String unit : new String[] {"", "k", "M", "G", "T", "P"}) {
            if (Math.abs(num) < 999.5) {
                if (Math.abs(num) < 99.95) {
                    if (Math.abs(num) < 9.995) {
                        return String.format(Locale.ROOT, "%1.2f", num) + unit;
                    }
                    return String.format(Locale.ROOT, "%2.1f", num) + unit;
                }
                return String.format(Locale.ROOT, "%3.0f", num) + unit;
            }
            num /= 1000;
        }
        return String.format(Locale.ROOT, "%3.1f", num) + "E";
    }

    /** tqdm's {@code format_interval}: {@code mm:ss}, or {@code h:mm:ss} past an hour. */
    static String interval(double seconds) {
        long total = (long) seconds;
        long minutes = total / 60;
        long secs = total % 60;
        long hours = minutes / 60;
        minutes %= 60;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
                : String.format(Locale.ROOT, "%02d:%02d", minutes, secs);
    }
}
