package com.sparkcontrol.llm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code hf-download.sh}'s output (reference §3): the Hugging Face client's tqdm bars (one per file, in
 * bytes, plus a file counter), rsync's {@code --progress} lines while copying to the workers, and the script's
 * markers. Keeps the totals a card needs: phase, percent, bytes, rate and ETA.
 */
final class DownloadProgress {

    /** What the card shows. Nulls are "not known yet". */
    record Snapshot(String phase, Double percent, Long bytes, Long totalBytes, Long bytesPerSecond, Long etaSeconds) {}

    // "model-00001-of-00003.safetensors:  45%|████▌     | 2.25G/5.00G [00:03<00:04, 650MB/s]"
    private static final Pattern BYTE_BAR = Pattern.compile(
            "^(.*?):\\s*(\\d{1,3})%\\|[^|]*\\|\\s*([\\d.]+)\\s*([kMGTP]?)B?/([\\d.]+)\\s*([kMGTP]?)B?\\s*\\[[^<\\]]*<[^,\\]]*,\\s*(?:([\\d.]+)\\s*([kMGTP]?)B/s|\\?B/s)");
    // "Fetching 12 files:  42%|████▏     | 5/12 [00:10<00:14,  2.00s/it]"
    private static final Pattern FILE_BAR = Pattern.compile("^Fetching (\\d+) files?:\\s*(\\d{1,3})%\\|[^|]*\\|\\s*(\\d+)/(\\d+)");
    // rsync: "  1,234,567,890  45%   75.00MB/s    0:00:36"
    private static final Pattern RSYNC = Pattern.compile(
            "^\\s*([\\d,]+)\\s+(\\d{1,3})%\\s+([\\d.]+)([kKMGT]?)B/s\\s+(\\d+):(\\d\\d):(\\d\\d)");
    private static final Pattern COPYING_TO = Pattern.compile("Copying model '.*' to (\\S+?)\\.{0,3}$");

    private record FileBar(long bytes, long total, long rate) {}

    private final Map<String, FileBar> files = new LinkedHashMap<>();
    /** hf_xet prints one bar for the whole repo ("Downloading (incomplete total...)"); when present it is the truth. */
    private FileBar aggregate;
    private final Long expectedBytes;
    private String phase = "starting";
    private Integer filesDone;
    private Integer filesTotal;
    private Double copyPercent;
    private Long copyRate;
    private Long copyEta;
    private boolean downloadDone;

    DownloadProgress(Long expectedBytes) {
        this.expectedBytes = expectedBytes;
    }

    /** True when the line was a progress bar (worth an event, not a log line). */
    synchronized boolean isBar(String line) {
        return BYTE_BAR.matcher(line.strip()).find() || FILE_BAR.matcher(line.strip()).find() || RSYNC.matcher(line).find();
    }

    /** Reads one line; returns true when the phase changed (worth an immediate event). */
    synchronized boolean accept(String raw) {
        String line = raw.strip();
        String before = phase;
        Matcher m;
        if ((m = FILE_BAR.matcher(line)).find()) {
            filesTotal = Integer.parseInt(m.group(4));
            filesDone = Integer.parseInt(m.group(3));
            phase = "downloading";
        } else if ((m = BYTE_BAR.matcher(line)).find()) {
            long rate = m.group(7) == null ? 0 : bytes(m.group(7), m.group(8));
            FileBar bar = new FileBar(bytes(m.group(3), m.group(4)), bytes(m.group(5), m.group(6)), rate);
            String desc = m.group(1).strip();
            if (desc.startsWith("Downloading") || desc.contains("total")) {
                aggregate = bar;
            } else {
                files.put(desc, bar);
            }
            phase = "downloading";
        } else if ((m = RSYNC.matcher(raw)).find()) {
            copyPercent = (double) Integer.parseInt(m.group(2));
            copyRate = bytes(m.group(3), m.group(4).toUpperCase(Locale.ROOT).replace("K", "k"));
            copyEta = Long.parseLong(m.group(5)) * 3600 + Long.parseLong(m.group(6)) * 60 + Long.parseLong(m.group(7));
        } else if (line.startsWith("Downloading model")) {
            phase = "downloading";
        } else if (line.startsWith("Download completed")) {
            downloadDone = true;
            phase = "downloaded";
        } else if ((m = COPYING_TO.matcher(line)).find()) {
            downloadDone = true;
            phase = "copying to " + m.group(1);
            copyPercent = 0.0;
        } else if (line.startsWith("Copying model to")) {
            downloadDone = true;
            phase = "copying";
        } else if (line.startsWith("Copy complete")) {
            phase = "copied";
            copyPercent = 100.0;
        }
        return !phase.equals(before);
    }

    synchronized Snapshot snapshot() {
        if (phase.startsWith("copying")) {
            return new Snapshot(phase, copyPercent, null, null, copyRate, copyEta);
        }
        boolean known = aggregate != null || !files.isEmpty();
        long bytes = aggregate != null ? aggregate.bytes() : files.values().stream().mapToLong(FileBar::bytes).sum();
        long seenTotal = aggregate != null ? aggregate.total() : files.values().stream().mapToLong(FileBar::total).sum();
        // per-file bars only show the files started so far; the catalog's size keeps the percentage honest meanwhile
        long total = aggregate != null ? seenTotal : Math.max(seenTotal, expectedBytes == null ? 0 : expectedBytes);
        long rate = aggregate != null ? aggregate.rate()
                : files.values().stream().filter(f -> f.bytes() < f.total()).mapToLong(FileBar::rate).sum();
        Double percent;
        if (downloadDone) {
            percent = 100.0;
        } else if (total > 0) {
            percent = Math.min(100.0, Math.floor(1000.0 * bytes / total) / 10);
        } else if (filesTotal != null && filesTotal > 0) {
            percent = Math.floor(1000.0 * filesDone / filesTotal) / 10;
        } else {
            percent = null;
        }
        Long eta = rate > 0 && total > bytes ? (total - bytes) / rate : null;
        return new Snapshot(phase, percent, known ? bytes : null, total > 0 ? total : null, known ? rate : null, eta);
    }

    /** tqdm/rsync sizes: three significant digits and a decimal (1000-based) unit. */
    static long bytes(String number, String unit) {
        double value = Double.parseDouble(number);
        int power = switch (unit) {
            case "k" -> 1;
            case "M" -> 2;
            case "G" -> 3;
            case "T" -> 4;
            case "P" -> 5;
            default -> 0;
        };
        return Math.round(value * Math.pow(1000, power));
    }
}
