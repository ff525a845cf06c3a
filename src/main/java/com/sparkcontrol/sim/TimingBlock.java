package com.sparkcontrol.sim;

import java.util.List;

/** The {@code TIMING STATISTICS} block that spark-vllm-docker's scripts print before their last line. */
final class TimingBlock {

    /** One line: its label with the script's own padding, and seconds; optional lines show only when nonzero. */
    record Row(String label, long seconds, boolean always) {
        static Row always(String label, long seconds) {
            return new Row(label, seconds, true);
        }

        static Row ifNonZero(String label, long seconds) {
            return new Row(label, seconds, false);
        }
    }

    private static final String RULE = "=========================================";

    private TimingBlock() {
    }

    static void print(Invocation call, List<Row> rows) {
        call.outLine("");
        call.outLine(RULE);
        call.outLine("         TIMING STATISTICS");
        call.outLine(RULE);
        for (Row row : rows) {
            if (row.always() || row.seconds() > 0) {
                call.outLine(row.label() + CopyHosts.clock(row.seconds()));
            }
        }
        call.outLine(RULE);
    }
}
