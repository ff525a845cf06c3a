package com.sparkcontrol.sim;

/** A simulated script's {@code exit N} from deep inside its steps; the command returns {@link #code}. */
final class ScriptExit extends RuntimeException {

    final int code;

    ScriptExit(int code) {
        super("exit " + code, null, false, false);
        this.code = code;
    }
}
