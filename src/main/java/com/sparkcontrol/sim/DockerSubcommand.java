package com.sparkcontrol.sim;

import java.util.List;

/** One {@code docker <subcommand>}: gets the call and the words after the subcommand name. */
interface DockerSubcommand {

    int run(Invocation call, List<String> args) throws Exception;

    /** Docker's answer for a container that does not exist. */
    static int noSuchContainer(Invocation call, String ref) {
        call.errLine("Error response from daemon: No such container: " + ref);
        return 1;
    }

    /** Docker's answer for a wrong number of arguments, e.g. {@code requires exactly 1 argument}. */
    static int requires(Invocation call, String command, String what) {
        call.errLine("docker: 'docker " + command + "' requires " + what + ".");
        call.errLine("See 'docker " + command + " --help'.");
        return 1;
    }
}
