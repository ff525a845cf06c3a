package com.sparkcontrol.llm;

/** The operator cancelled the swap; thrown at the next step boundary so the route goes to its clean-up. */
final class SwapCancelledException extends RuntimeException {

    SwapCancelledException() {
        super("cancelled", null, false, false);
    }

    static void throwIfRequested(Swap swap) {
        if (swap.cancelRequested()) {
            throw new SwapCancelledException();
        }
    }
}
