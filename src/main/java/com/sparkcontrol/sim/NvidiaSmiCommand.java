package com.sparkcontrol.sim;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The simulated {@code nvidia-smi} of a GB10: {@code --query-gpu=… --format=csv[,noheader][,nounits]}
 * (memory fields are {@code [N/A]}, as on unified memory), {@code -L}, {@code --query-compute-apps} and the
 * default table. Utilization follows the node: high while vLLM loads, moderate while it serves.
 */
final class NvidiaSmiCommand implements SimCommand {

    static final String NAME = "NVIDIA GB10";
    static final String DRIVER = "580.95.05";
    static final String BUS_ID = "0000000F:01:00.0";

    /** One queryable field: its CSV header, unit (for {@code nounits}) and current value. */
    private record Field(String header, String unit, Function<Sample, String> value) {
    }

    /** One reading of the GPU, so every field in a row agrees. */
    private record Sample(SimulatedSpark node, int util, String uuid) {
    }

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    static {
        Field name = new Field("name", "", s -> NAME);
        FIELDS.put("name", name);
        FIELDS.put("gpu_name", name);
        FIELDS.put("index", new Field("index", "", s -> "0"));
        FIELDS.put("count", new Field("count", "", s -> "1"));
        FIELDS.put("uuid", new Field("uuid", "", Sample::uuid));
        FIELDS.put("gpu_uuid", new Field("uuid", "", Sample::uuid));
        FIELDS.put("driver_version", new Field("driver_version", "", s -> DRIVER));
        FIELDS.put("pci.bus_id", new Field("pci.bus_id", "", s -> BUS_ID));
        FIELDS.put("pstate", new Field("pstate", "", s -> s.util() > 0 ? "P0" : "P8"));
        FIELDS.put("utilization.gpu", new Field("utilization.gpu [%]", " %", s -> Integer.toString(s.util())));
        FIELDS.put("utilization.memory", new Field("utilization.memory [%]", " %", s -> "[N/A]"));
        FIELDS.put("temperature.gpu", new Field("temperature.gpu", "",
                s -> Integer.toString(s.node().stats().gpuTemperature(s.util()))));
        FIELDS.put("temperature.memory", new Field("temperature.memory", "", s -> "N/A"));
        Field power = new Field("power.draw [W]", " W",
                s -> String.format(Locale.ROOT, "%.2f", s.node().stats().gpuPowerWatts(s.util())));
        FIELDS.put("power.draw", power);
        FIELDS.put("power.draw.instant", power);
        FIELDS.put("power.limit", new Field("power.limit [W]", " W", s -> "[N/A]"));
        Field sm = new Field("clocks.current.sm [MHz]", " MHz",
                s -> Integer.toString(s.node().stats().smClockMhz(s.util())));
        FIELDS.put("clocks.sm", sm);
        FIELDS.put("clocks.current.sm", sm);
        Field gr = new Field("clocks.current.graphics [MHz]", " MHz",
                s -> Integer.toString(s.node().stats().smClockMhz(s.util())));
        FIELDS.put("clocks.gr", gr);
        FIELDS.put("clocks.current.graphics", gr);
        Field mem = new Field("clocks.current.memory [MHz]", " MHz", s -> "[N/A]");
        FIELDS.put("clocks.mem", mem);
        FIELDS.put("clocks.current.memory", mem);
        FIELDS.put("clocks.max.sm", new Field("clocks.max.sm [MHz]", " MHz", s -> "3003"));
        FIELDS.put("memory.total", new Field("memory.total [MiB]", " MiB", s -> "[N/A]"));
        FIELDS.put("memory.used", new Field("memory.used [MiB]", " MiB", s -> "[N/A]"));
        FIELDS.put("memory.free", new Field("memory.free [MiB]", " MiB", s -> "[N/A]"));
        FIELDS.put("fan.speed", new Field("fan.speed [%]", " %", s -> "[N/A]"));
        FIELDS.put("compute_mode", new Field("compute_mode", "", s -> "Default"));
    }

    @Override
    public int run(Invocation call) {
        String output = render(call.node(), call.args());
        if (output.startsWith("Field \"") || output.startsWith("Invalid combination")) {
            call.out(output);
            return 2;
        }
        call.out(output);
        return 0;
    }

    /** The command's output for {@code args}; errors start with nvidia-smi's own wording. */
    static String render(SimulatedSpark node, List<String> args) {
        String query = null;
        String apps = null;
        String format = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-L") || arg.equals("--list-gpus")) {
                return "GPU 0: " + NAME + " (UUID: " + uuid(node) + ")\n";
            } else if (arg.startsWith("--query-gpu=")) {
                query = arg.substring("--query-gpu=".length());
            } else if (arg.equals("--query-gpu") && i + 1 < args.size()) {
                query = args.get(++i);
            } else if (arg.startsWith("--query-compute-apps=")) {
                apps = arg.substring("--query-compute-apps=".length());
            } else if (arg.startsWith("--format=")) {
                format = arg.substring("--format=".length());
            } else if (arg.equals("--format") && i + 1 < args.size()) {
                format = args.get(++i);
            }
        }
        if (query == null && apps == null) {
            return table(node);
        }
        if (format == null || !format.startsWith("csv")) {
            return "Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n";
        }
        boolean header = !format.contains("noheader");
        boolean units = !format.contains("nounits");
        if (apps != null) {
            return computeApps(node, apps, header, units);
        }
        Sample sample = new Sample(node, node.stats().gpuUtilization(), uuid(node));
        List<Field> fields = new ArrayList<>();
        for (String name : query.split(",")) {
            Field field = FIELDS.get(name.strip());
            if (field == null) {
                return "Field \"" + name.strip() + "\" is not a valid field to query.\n\n";
            }
            fields.add(field);
        }
        StringBuilder out = new StringBuilder();
        if (header) {
            out.append(String.join(", ", fields.stream().map(Field::header).toList())).append('\n');
        }
        List<String> values = new ArrayList<>();
        for (Field field : fields) {
            String value = field.value().apply(sample);
            boolean numeric = !value.startsWith("[") && !value.equals("N/A") && !field.unit().isEmpty();
            values.add(numeric && units ? value + field.unit() : value);
        }
        return out.append(String.join(", ", values)).append('\n').toString();
    }

    private static String computeApps(SimulatedSpark node, String query, boolean header, boolean units) {
        StringBuilder out = new StringBuilder();
        String[] names = query.split(",");
        if (header) {
            List<String> headers = new ArrayList<>();
            for (String name : names) {
                headers.add(name.strip().equals("used_memory") || name.strip().equals("used_gpu_memory")
                        ? "used_gpu_memory [MiB]" : name.strip());
            }
            out.append(String.join(", ", headers)).append('\n');
        }
        for (VllmProcess process : node.docker().liveVllmProcesses()) {
            List<String> values = new ArrayList<>();
            for (String name : names) {
                values.add(switch (name.strip()) {
                    case "pid" -> Integer.toString(process.pid() + 100_000);
                    case "process_name", "name" -> "VLLM::EngineCore";
                    case "gpu_uuid" -> uuid(node);
                    default -> "[N/A]";
                });
            }
            out.append(String.join(", ", values)).append('\n');
        }
        return out.toString();
    }

    private static String table(SimulatedSpark node) {
        int util = node.stats().gpuUtilization();
        HostStats stats = node.stats();
        StringBuilder out = new StringBuilder();
        out.append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT)))
                .append("       \n");
        String rule = "+-----------------------------------------------------------------------------------------+\n";
        String cells = "+-----------------------------------------+------------------------+----------------------+\n";
        out.append(rule);
        out.append(String.format(Locale.ROOT, "| NVIDIA-SMI %-22s Driver Version: %-14s CUDA Version: 13.0     |%n",
                DRIVER, DRIVER));
        out.append(cells);
        out.append("| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |\n");
        out.append("| Fan  Temp   Perf          Pwr:Usage/Cap |           Memory-Usage | GPU-Util  Compute M. |\n");
        out.append("|                                         |                        |               MIG M. |\n");
        out.append("|=========================================+========================+======================|\n");
        out.append(row(String.format(Locale.ROOT, "   0  %-28s   On", NAME), "   " + BUS_ID + " Off",
                "                 N/A"));
        out.append(row(String.format(Locale.ROOT, " N/A   %2dC    %-4s %12s /  N/A", stats.gpuTemperature(util),
                util > 0 ? "P0" : "P8", String.format(Locale.ROOT, "%.0fW", stats.gpuPowerWatts(util))),
                " Not Supported", String.format(Locale.ROOT, " %6d%%      Default", util)));
        out.append("|                                         |                        |                  N/A |\n");
        out.append(cells);
        out.append('\n');
        out.append(rule);
        out.append("| Processes:                                                                              |\n");
        out.append("|  GPU   GI   CI              PID   Type   Process name                        GPU Memory |\n");
        out.append("|        ID   ID                                                               Usage      |\n");
        out.append("|=========================================================================================|\n");
        List<VllmProcess> processes = node.docker().liveVllmProcesses();
        if (processes.isEmpty()) {
            out.append("|  No running processes found                                                             |\n");
        }
        for (VllmProcess process : processes) {
            out.append(String.format(Locale.ROOT, "|    0   N/A  N/A          %7d      C   %-34s    N/A      |%n",
                    process.pid() + 100_000, "VLLM::EngineCore"));
        }
        out.append(rule);
        return out.toString();
    }

    /** One GPU row of the table: three cells padded to nvidia-smi's widths (41, 24, 22). */
    private static String row(String first, String second, String third) {
        return String.format(Locale.ROOT, "|%-41s|%-24s|%-22s|%n", first, second, third);
    }

    private static String uuid(SimulatedSpark node) {
        String hex = ImageRegistry.sha256Hex("gpu/" + node.id());
        return "GPU-" + hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }
}
