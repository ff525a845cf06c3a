package com.sparkcontrol.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.ssh.CommandResult;
import org.junit.jupiter.api.Test;

class DownloadProgressTests {

    @Test
    void perFileBarsAddUpToBytesRateAndEta() {
        DownloadProgress progress = new DownloadProgress(10_000_000_000L);
        assertThat(progress.accept("Downloading model 'Org/M' using uvx...")).isTrue();
        String a = "model-00001-of-00002.safetensors:  50%|█████     | 2.50G/5.00G [00:10<00:10, 250MB/s]";
        String b = "model-00002-of-00002.safetensors:  20%|██        | 1.00G/5.00G [00:10<00:40, 100MB/s]";
        assertThat(progress.isBar(a)).isTrue();
        progress.accept(a);
        progress.accept(b);
        DownloadProgress.Snapshot s = progress.snapshot();
        assertThat(s.phase()).isEqualTo("downloading");
        assertThat(s.bytes()).isEqualTo(3_500_000_000L);
        assertThat(s.totalBytes()).isEqualTo(10_000_000_000L);
        assertThat(s.percent()).isEqualTo(35.0);
        assertThat(s.bytesPerSecond()).isEqualTo(350_000_000L);
        assertThat(s.etaSeconds()).isEqualTo(6_500_000_000L / 350_000_000L);
    }

    @Test
    void unknownSizeFallsBackToTheFileCounter() {
        DownloadProgress progress = new DownloadProgress(null);
        progress.accept("Fetching 12 files:  25%|██▌       | 3/12 [00:10<00:30,  3.33s/it]");
        assertThat(progress.snapshot().percent()).isEqualTo(25.0);
    }

    @Test
    void copyPhaseFollowsRsync() {
        DownloadProgress progress = new DownloadProgress(null);
        progress.accept("Download completed in 00:01:00");
        assertThat(progress.accept("Copying model 'Org/M' to spark@192.168.177.12...")).isTrue();
        progress.accept("  2,147,483,648  40%  110.00MB/s    0:00:29");
        DownloadProgress.Snapshot s = progress.snapshot();
        assertThat(s.phase()).isEqualTo("copying to spark@192.168.177.12");
        assertThat(s.percent()).isEqualTo(40.0);
        assertThat(s.bytesPerSecond()).isEqualTo(110_000_000L);
        assertThat(s.etaSeconds()).isEqualTo(29L);
    }

    @Test
    void dfDataLineGivesAvailableBytes() {
        assertThat(DownloadPreflight.availableBytes(new CommandResult(0, "/dev/nvme0n1p2 3750000000 1000000000 2750000000 27% /\n", "")))
                .isEqualTo(2_750_000_000L * 1024);
        assertThat(DownloadPreflight.availableBytes(new CommandResult(1, "", "df: no such file"))).isEqualTo(-1);
    }
}
