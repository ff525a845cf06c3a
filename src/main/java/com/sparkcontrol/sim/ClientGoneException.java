package com.sparkcontrol.sim;

/** The shim client went away (its process was killed or its session dropped): the call must stop. */
final class ClientGoneException extends RuntimeException {

    ClientGoneException() {
        super("shim client went away", null, false, false);
    }
}
