/**
 * Simulated DGX Sparks for the {@code demo} profile and the integration tests.
 *
 * <p>{@link com.sparkcontrol.sim.SimulatedCluster} starts one {@link com.sparkcontrol.sim.SimulatedSpark} per
 * node. Each node is a real MINA {@code SshServer} on 127.0.0.1 (pinned ed25519 host key, public-key auth
 * against the node's simulated {@code ~/.ssh/authorized_keys}, interactive shells refused). Every exec request
 * runs through the system's {@code bash -c} in the node's simulated HOME, with a PATH whose first entry holds
 * the command shims, so quoting, {@code cd … &&}, redirections and exit codes behave as on hardware. Closing
 * the channel, or losing the session, kills the command's whole process tree.
 *
 * <p>A shim is a two-line {@code sh} script that execs {@code sim-client.pl} (perl-base only) with its own
 * name. The client sends node, working directory, argv and a few environment variables to the cluster's
 * {@code SimCommandServer} over loopback and relays the framed output and exit code. The Java handler of the
 * same name ({@code DockerCommand}, {@code LaunchClusterCommand}, {@code HfDownloadCommand}, …) holds the
 * state, so tests can inspect it. When the client process dies, the handler stops too: a cancelled
 * {@code docker logs -f} ends, and a killed download leaves its partial files.
 *
 * <p>Deviations worth knowing:
 * <ul>
 *   <li>stdin is forwarded only to calls that read it ({@code docker login --password-stdin}). The server asks
 *       for it after the header, and the client then reads it to EOF unless it is a TTY. Other calls never
 *       wait for an EOF that an SSH client may never send. Only its size is recorded.</li>
 *   <li>{@code docker logs --since} is inclusive, as in dockerd: to resume, pass the last timestamp plus
 *       one nanosecond (timestamps are unique and increasing per container).</li>
 *   <li>{@code cat} is simulated only for {@code /proc/meminfo}, {@code /proc/stat}, {@code /proc/loadavg} and
 *       {@code /proc/uptime}; other readers of /proc ({@code head}, {@code grep}) see the host's files.</li>
 *   <li>Environment values given to {@code docker run} are never kept; {@code docker inspect} shows the names
 *       with masked values.</li>
 *   <li>Container state lives in memory. A root directory given to the builder keeps host keys,
 *       authorized_keys, the checkouts and the HF caches across restarts, but not containers.</li>
 *   <li>{@code HF_HOME} is ignored: the HF cache is always {@code ~/.cache/huggingface/hub}.</li>
 *   <li>The simulator never calls {@link com.sparkcontrol.sim.SimVllm#up()}: a (re)started {@code vllm_node}
 *       runs no vLLM, so only {@code beginServing} (at "Application startup complete.") makes it answer;
 *       stopping or removing the container calls {@code endServing} and {@code down}. Other backends go
 *       {@code up}/{@code down} with their container.</li>
 * </ul>
 */
package com.sparkcontrol.sim;
