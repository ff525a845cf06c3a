package com.sparkcontrol.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simulated {@code ./build-and-copy.sh}: by default pulls the tested nightly ({@code eugr/spark-vllm:latest},
 * or the b12x one) and tags it {@code vllm-node}; local-build flags run a short simulated build; {@code -c}
 * compares image IDs per host and "copies" (save/load) where they differ. Ends with the timing block and
 * {@code Done preparing <tag>.}
 */
final class BuildAndCopyCommand implements SimCommand {

    @Override
    public int run(Invocation call) throws Exception {
        SimulatedSpark node = call.node();
        List<String> args = call.args();
        CopyHosts copy = new CopyHosts();
        String tag = null;
        boolean b12x = false;
        boolean mxfp4 = false;
        boolean localBuild = false;
        boolean noBuild = false;
        String user = node.user();
        String config = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-t", "--tag" -> tag = i + 1 < args.size() ? args.get(++i) : "";
                case "--exp-b12x" -> b12x = true;
                case "--exp-mxfp4" -> {
                    mxfp4 = true;
                    localBuild = true;
                }
                case "--use-wheels", "--rebuild-vllm", "--rebuild-flashinfer", "--apply-preset-vllm-prs",
                        "--force-vllm-download", "--force-flashinfer-download" -> localBuild = true;
                case "--vllm-ref", "--vllm-repo", "--flashinfer-ref", "--apply-vllm-pr", "--apply-flashinfer-pr",
                        "--gpu-arch", "--torch-version", "--torchvision-version", "--torchaudio-version" -> {
                    localBuild = true;
                    i++;
                }
                case "-j", "--build-jobs", "--network" -> i++;
                case "-c", "--copy-to", "--copy-to-host", "--copy-to-hosts" -> i = copy.consume(args, i);
                case "--copy-parallel", "--full-log", "--cleanup", "--setup", "--tf5" -> { }
                case "-u", "--user" -> user = i + 1 < args.size() ? args.get(++i) : user;
                case "--no-build" -> noBuild = true;
                case "--config" -> config = i + 1 < args.size() ? args.get(++i) : "";
                case "-h", "--help" -> {
                    call.outLine("Usage: ./build-and-copy.sh [-t <tag>] [--exp-b12x|--exp-mxfp4] [--use-wheels] "
                            + "[-c [hosts…]] [--copy-parallel] [--no-build] [-u <user>]");
                    return 1;
                }
                default -> {
                    call.outLine("Unknown parameter passed: " + arg);
                    return 1;
                }
            }
        }
        if (tag == null) {
            tag = mxfp4 ? "vllm-node-mxfp4" : b12x ? "vllm-node-b12x" : "vllm-node";
        }
        Path envFile = config == null ? node.repoDir().resolve(".env") : call.resolve(config);
        Optional<List<String>> hosts = copy.resolve(call, envFile, "Autodiscovered hosts: ");
        if (hosts.isEmpty()) {
            return 1;
        }
        if (noBuild && hosts.get().isEmpty()) {
            call.outLine("Error: --no-build requires --copy-to to be specified");
            return 1;
        }
        long start = System.nanoTime();
        long pullSeconds = 0;
        long buildSeconds = 0;
        DockerEngine docker = node.docker();
        if (noBuild) {
            call.outLine("Skipping build (--no-build specified)");
        } else if (!localBuild) {
            String prebuilt = b12x ? "eugr/spark-vllm-b12x:latest" : "eugr/spark-vllm:latest";
            call.outLine("Using prebuilt runner image " + prebuilt + "...");
            long pullStart = System.nanoTime();
            String error = DockerPull.pull(call, prebuilt, call::outLine);
            if (error != null) {
                call.errLine(error);
                return 1;
            }
            docker.putImage(tag, docker.imageId(prebuilt).orElseThrow());
            pullSeconds = (System.nanoTime() - pullStart) / 1_000_000_000L;
        } else {
            long buildStart = System.nanoTime();
            simulateBuild(call, tag);
            buildSeconds = (System.nanoTime() - buildStart) / 1_000_000_000L;
        }
        long copySeconds = 0;
        if (!hosts.get().isEmpty()) {
            long copyStart = System.nanoTime();
            Integer failed = copyImage(call, tag, user, hosts.get());
            if (failed != null) {
                return failed;
            }
            copySeconds = (System.nanoTime() - copyStart) / 1_000_000_000L;
        } else {
            call.outLine("No host specified, skipping copy.");
        }
        long total = (System.nanoTime() - start) / 1_000_000_000L;
        TimingBlock.print(call, List.of(TimingBlock.Row.ifNonZero("Prebuilt Pull:    ", pullSeconds),
                TimingBlock.Row.ifNonZero("Runner Build:     ", buildSeconds),
                TimingBlock.Row.ifNonZero("Image Copy:       ", copySeconds),
                TimingBlock.Row.always("Total Time:       ", total)));
        call.outLine("Done preparing " + tag + ".");
        return 0;
    }

    private static void simulateBuild(Invocation call, String tag) {
        long step = Math.max(10, call.node().cluster().downloadTime().toMillis() / 20);
        call.outLine("Using FlashInfer wheel profile: regular (./.wheel-cache/flashinfer/regular)");
        call.outLine("Using vLLM wheel profile: regular (./.wheel-cache/vllm/regular)");
        call.pause(step);
        call.outLine("FlashInfer wheels ready.");
        call.pause(step);
        call.outLine("vLLM wheels ready.");
        call.outLine("Generated build-metadata.yaml");
        call.outLine("Building runner image with command: docker build -t " + tag + " --build-arg BUILD_JOBS=16 "
                + "--build-arg TORCH_CUDA_ARCH_LIST=12.1a --build-context flashinfer_wheels=./.wheel-cache/flashinfer/"
                + "regular --build-context vllm_wheels=./.wheel-cache/vllm/regular .");
        String[] stages = {"[internal] load build definition from Dockerfile", "[internal] load metadata for "
                + "nvcr.io/nvidia/pytorch:25.10-py3", "[runner 1/6] FROM nvcr.io/nvidia/pytorch:25.10-py3",
            "[runner 4/6] RUN --mount=type=bind,from=flashinfer_wheels uv pip install /wheels/*.whl",
            "[runner 5/6] RUN --mount=type=bind,from=vllm_wheels uv pip install /wheels/*.whl",
            "exporting to image"};
        for (int i = 0; i < stages.length; i++) {
            call.pause(step);
            call.errLine("#" + (i + 1) + " " + stages[i]);
            call.errLine("#" + (i + 1) + " DONE " + (1 + i * 7) + "." + (i * 3 % 10) + "s");
        }
        String id = ImageRegistry.idOf(tag + "/local-build/" + System.nanoTime());
        call.errLine("#7 naming to docker.io/library/" + tag + " done");
        call.node().docker().putImage(tag, id);
    }

    /** Returns an exit code when a copy failed, null when every host has the image. */
    private static Integer copyImage(Invocation call, String tag, String user, List<String> hosts) {
        SimulatedSpark node = call.node();
        call.outLine("Checking image '" + tag + "' on " + hosts.size() + " host(s): " + String.join(" ", hosts));
        String localId = node.docker().imageId(tag).orElse(null);
        if (localId == null) {
            call.errLine("Error response from daemon: No such image: " + ImageRegistry.normalize(tag));
            call.outLine("Error: Local image '" + tag + "' not found.");
            return 1;
        }
        List<String> targets = new ArrayList<>();
        for (String host : hosts) {
            String remoteId = node.cluster().nodeByAddress(host).filter(SimulatedSpark::acceptsPeerSsh)
                    .flatMap(p -> p.docker().imageId(tag)).orElse(null);
            if (localId.equals(remoteId)) {
                call.outLine("Image '" + tag + "' is already up to date on " + user + "@" + host + "; skipping.");
            } else {
                call.outLine("Image '" + tag + "' " + (remoteId == null ? "not found" : "differs") + " on " + user + "@"
                        + host + "; will copy.");
                targets.add(host);
            }
        }
        if (targets.isEmpty()) {
            call.outLine("All remote images are up to date; skipping save/copy.");
            return null;
        }
        call.outLine("Copying image '" + tag + "' to " + targets.size() + " host(s): " + String.join(" ", targets));
        String tmp = "/tmp/vllm_image." + ImageRegistry.sha256Hex(Long.toString(System.nanoTime())).substring(0, 6);
        call.outLine("Saving image locally to " + tmp + "...");
        long step = Math.max(10, node.cluster().downloadTime().toMillis() / 10);
        call.pause(step);
        for (String host : targets) {
            call.outLine("Loading image into " + user + "@" + host + "...");
            long start = System.nanoTime();
            Optional<SimulatedSpark> target = node.cluster().nodeByAddress(host).filter(SimulatedSpark::acceptsPeerSsh);
            if (target.isEmpty()) {
                call.errLine("ssh: connect to host " + host + " port 22: Connection refused");
                call.outLine("Copy to " + host + " failed.");
                call.outLine("Cleaning up temporary image " + tmp);
                return 1;
            }
            call.pause(step);
            call.outLine("Loaded image: " + ImageRegistry.normalize(tag));
            target.get().docker().putImage(tag, localId);
            call.outLine("Copy to " + host + " completed in "
                    + CopyHosts.clock((System.nanoTime() - start) / 1_000_000_000L));
        }
        call.outLine("Copy complete.");
        call.outLine("Cleaning up temporary image " + tmp);
        return null;
    }
}
