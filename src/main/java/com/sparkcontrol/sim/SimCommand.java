package com.sparkcontrol.sim;

import java.util.List;

/** A fake program behind a command shim (docker, launch-cluster.sh, …): Java code that holds the state. */
interface SimCommand {

    /** Whether this call reads stdin; asked before the client sends it, so other calls never wait for EOF. */
    default boolean readsStdin(List<String> args) {
        return false;
    }

    /** Runs the call and returns its exit code; output goes through the invocation as it is produced. */
    int run(Invocation call) throws Exception;
}
