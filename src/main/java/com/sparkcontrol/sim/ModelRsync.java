package com.sparkcontrol.sim;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * hf-download.sh's copy of a model directory to another Spark, printed like {@code rsync -av --mkpath --progress}
 * (file list, per-file progress redrawn with {@code \r}, the sent/total summary) and written into the target
 * node's HF cache as it goes. An unreachable host fails the way ssh and rsync report it.
 */
final class ModelRsync {

    private final Invocation call;
    private final HfCache.Revision revision;
    private final String user;
    private final String host;

    ModelRsync(Invocation call, HfCache.Revision revision, String user, String host) {
        this.call = call;
        this.revision = revision;
        this.user = user;
        this.host = host;
    }

    boolean run() {
        call.outLine("Copying model '" + revision.repo() + "' to " + user + "@" + host + "...");
        long start = System.nanoTime();
        Optional<SimulatedSpark> target = call.node().cluster().nodeByAddress(host)
                .filter(SimulatedSpark::acceptsPeerSsh);
        if (target.isEmpty()) {
            CopyHosts.unreachable(call, host);
            call.outLine("Copy to " + host + " failed.");
            return false;
        }
        HfCache destination = target.get().hfCache();
        String dir = HfCache.dirName(revision.repo());
        long totalMillis = Math.max(1, call.node().cluster().downloadTime().toMillis() / 2);
        double totalBytes = revision.totalBytes();
        List<HfCache.RepoFile> files = revision.files();
        call.outLine("sending incremental file list");
        call.outLine(dir + "/");
        call.outLine(dir + "/blobs/");
        destination.begin(revision);
        long sent = 0;
        int remaining = files.size() * 2 + 3;
        int transfer = 0;
        for (HfCache.RepoFile file : files) {
            remaining--;
            call.outLine(dir + "/blobs/" + file.blob());
            long fileMillis = Math.max(2, (long) (totalMillis * file.size() / totalBytes));
            int steps = file.size() > 100_000_000L ? 4 : 1;
            long fileStart = System.nanoTime();
            for (int step = 1; step < steps; step++) {
                call.pause(fileMillis / steps);
                call.out("\r" + progress(file.size() * step / steps, step * 100 / steps, fileStart));
            }
            call.pause(fileMillis / steps);
            destination.complete(revision, file);
            sent += file.size();
            transfer++;
            call.out("\r" + progress(file.size(), 100, fileStart) + " (xfr#" + transfer + ", to-chk=" + remaining
                    + "/" + (files.size() * 2 + 3) + ")\n");
        }
        call.outLine(dir + "/refs/");
        call.outLine(dir + "/refs/main");
        call.outLine(dir + "/snapshots/");
        call.outLine(dir + "/snapshots/" + revision.commit() + "/");
        for (HfCache.RepoFile file : files) {
            call.outLine(dir + "/snapshots/" + revision.commit() + "/" + file.name() + " -> ../../blobs/"
                    + file.blob());
        }
        double elapsed = Math.max(0.001, (System.nanoTime() - start) / 1e9);
        call.outLine("");
        call.outLine(String.format(Locale.ROOT, "sent %,d bytes  received %,d bytes  %,.2f bytes/sec",
                sent + 9_812, 1_234 + files.size() * 38L, sent / elapsed));
        call.outLine(String.format(Locale.ROOT, "total size is %,d  speedup is 1.00", sent));
        call.outLine("Copy to " + host + " completed in "
                + CopyHosts.clock((System.nanoTime() - start) / 1_000_000_000L));
        return true;
    }

    private static String progress(long bytes, int percent, long startNanos) {
        double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        double rate = bytes / seconds;
        String unit = "kB/s";
        rate /= 1024;
        if (rate >= 1024) {
            rate /= 1024;
            unit = "MB/s";
        }
        if (rate >= 1024) {
            rate /= 1024;
            unit = "GB/s";
        }
        long secs = (long) seconds;
        return String.format(Locale.ROOT, "%15s %3d%% %7.2f%s %4d:%02d:%02d",
                String.format(Locale.ROOT, "%,d", bytes), percent, rate, unit, secs / 3600, secs % 3600 / 60,
                secs % 60);
    }
}
