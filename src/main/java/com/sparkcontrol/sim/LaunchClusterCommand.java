package com.sparkcontrol.sim;

/**
 * The simulated {@code ./launch-cluster.sh} of spark-vllm-docker. Each call is one {@link ClusterLaunch}: the
 * script's configuration steps, header lines and actions, with its exact output lines and exit codes.
 */
final class LaunchClusterCommand implements SimCommand {

    @Override
    public int run(Invocation call) throws Exception {
        LaunchOptions options;
        String argv0 = call.env("SIM_ARGV0") == null ? "./launch-cluster.sh" : call.env("SIM_ARGV0");
        try {
            options = LaunchOptions.parse(call.args());
        } catch (LaunchOptions.ParseError e) {
            call.outLine(e.getMessage());
            if (e.showUsage) {
                LaunchOptions.usage(argv0).forEach(call::outLine);
            }
            return 1;
        }
        return new ClusterLaunch(call, options, argv0).run();
    }
}
