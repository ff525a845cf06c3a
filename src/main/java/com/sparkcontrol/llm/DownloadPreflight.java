package com.sparkcontrol.llm;

import com.sparkcontrol.ssh.CommandResult;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Before downloading, every target node must have room for the weights in its Hugging Face cache: the catalog's size
 * (plus a tenth) when the repo is a catalog model, else {@code download-min-free-gb}.
 */
@Component
class DownloadPreflight implements Processor {

    private final Downloads downloads;
    private final LauncherShell launcher;
    private final LlmProperties properties;

    DownloadPreflight(Downloads downloads, LauncherShell launcher, LlmProperties properties) {
        this.downloads = downloads;
        this.launcher = launcher;
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) {
        Download download = exchange.getIn().getBody(Download.class);
        long needed = download.expectedBytes() != null ? download.expectedBytes() + download.expectedBytes() / 10
                : properties.downloadMinFreeGb() * 1_000_000_000L;
        for (String target : download.targets()) {
            CommandResult df = launcher.freeSpace(target);
            long free = availableBytes(df);
            if (free < 0) {
                throw new IllegalStateException(target + ": could not read the free space (" + df.lastErrorLine() + ")");
            }
            downloads.log(download, target + ": " + gb(free) + " GB free in the Hugging Face cache, about " + gb(needed) + " GB needed");
            if (free < needed) {
                throw new IllegalStateException(target + " has " + gb(free) + " GB free in its Hugging Face cache; "
                        + download.repo() + " needs about " + gb(needed) + " GB");
            }
            if (download.cancelRequested()) {
                return;
            }
        }
    }

    /** {@code df -Pk}'s data line: filesystem, 1024-blocks, used, available, capacity, mount point. */
    static long availableBytes(CommandResult df) {
        if (!df.succeeded()) {
            return -1;
        }
        String[] columns = df.stdout().strip().split("\\s+");
        if (columns.length < 4) {
            return -1;
        }
        try {
            return Long.parseLong(columns[3]) * 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long gb(long bytes) {
        return Math.round(bytes / 1e9);
    }
}
