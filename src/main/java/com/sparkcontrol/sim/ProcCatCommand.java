package com.sparkcontrol.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulated {@code cat} for a GB10's {@code /proc/meminfo}, {@code /proc/stat}, {@code /proc/loadavg} and
 * {@code /proc/uptime} (the shim only comes here when one of them is asked for); other files are read as
 * the real {@code cat} would.
 */
final class ProcCatCommand implements SimCommand {

    @Override
    public int run(Invocation call) throws IOException {
        HostStats stats = call.node().stats();
        int code = 0;
        for (String arg : call.args()) {
            switch (arg) {
                case "/proc/meminfo" -> call.out(stats.meminfo());
                case "/proc/stat" -> call.out(stats.procStat());
                case "/proc/loadavg" -> call.out(stats.loadavg());
                case "/proc/uptime" -> call.out(stats.uptime());
                default -> {
                    Path file = call.resolve(arg);
                    if (Files.isRegularFile(file)) {
                        call.out(Files.readString(file));
                    } else {
                        call.errLine("cat: " + arg + ": " + (Files.isDirectory(file) ? "Is a directory"
                                : "No such file or directory"));
                        code = 1;
                    }
                }
            }
        }
        return code;
    }
}
