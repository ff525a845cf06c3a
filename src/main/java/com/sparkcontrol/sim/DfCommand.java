package com.sparkcontrol.sim;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulated {@code df} for a Spark's 4 TB NVMe root filesystem, where the HF cache lives: usage grows with
 * the (apparent) size of downloaded weights. Supports {@code -P}, {@code -h}, {@code -k}, {@code -B1} /
 * {@code -B SIZE} and {@code --output=…}.
 */
final class DfCommand implements SimCommand {

    static final long SIZE_BYTES = 3_754_338_123_776L;
    static final long BASE_USED_BYTES = 212_482_195_456L;
    static final long INODES = 234_455_040L;
    private static final String SOURCE = "/dev/nvme0n1p2";

    @Override
    public int run(Invocation call) {
        long blockSize = 1024;
        boolean human = false;
        boolean posix = false;
        List<String> output = null;
        List<String> paths = new ArrayList<>();
        List<String> args = call.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--human-readable")) {
                human = true;
            } else if (arg.equals("-P") || arg.equals("--portability")) {
                posix = true;
            } else if (arg.equals("-k")) {
                blockSize = 1024;
            } else if (arg.startsWith("-B") || arg.startsWith("--block-size")) {
                String value = arg.startsWith("--block-size=") ? arg.substring("--block-size=".length())
                        : arg.length() > 2 && arg.startsWith("-B") ? arg.substring(2) : i + 1 < args.size() ? args.get(++i) : "1";
                blockSize = parseBlockSize(value);
            } else if (arg.startsWith("--output")) {
                String fields = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                        : "source,fstype,itotal,iused,iavail,ipcent,size,used,avail,pcent,file,target";
                output = List.of(fields.split(","));
            } else if (arg.startsWith("-") && !arg.equals("-")) {
                continue;
            } else {
                paths.add(arg);
            }
        }
        for (String path : paths) {
            if (!Files.exists(call.resolve(path))) {
                call.errLine("df: " + path + ": No such file or directory");
                return 1;
            }
        }
        long used = BASE_USED_BYTES + call.node().hfCache().apparentBytes();
        long reserved = SIZE_BYTES / 20;
        long avail = Math.max(0, SIZE_BYTES - used - reserved);
        int percent = (int) Math.ceil(100.0 * used / (used + avail));
        int rows = Math.max(1, paths.size());
        List<List<String>> table = new ArrayList<>();
        if (output != null) {
            List<String> header = new ArrayList<>();
            for (String field : output) {
                header.add(header(field.strip(), blockSize, human));
            }
            table.add(header);
            for (int r = 0; r < rows; r++) {
                List<String> row = new ArrayList<>();
                for (String field : output) {
                    row.add(value(field.strip(), used, avail, percent, blockSize, human,
                            paths.isEmpty() ? "-" : paths.get(r)));
                }
                table.add(row);
            }
        } else {
            String sizeHeader = human ? "Size" : blockSize == 1024 ? (posix ? "1024-blocks" : "1K-blocks")
                    : blockSize == 1 ? "1B-blocks" : blockLabel(blockSize) + "-blocks";
            table.add(List.of("Filesystem", sizeHeader, "Used", posix ? "Available" : "Avail",
                    posix ? "Capacity" : "Use%", "Mounted on"));
            for (int r = 0; r < rows; r++) {
                table.add(List.of(SOURCE, amount(SIZE_BYTES, blockSize, human), amount(used, blockSize, human),
                        amount(avail, blockSize, human), percent + "%", "/"));
            }
        }
        call.out(align(table));
        return 0;
    }

    private static String header(String field, long blockSize, boolean human) {
        return switch (field) {
            case "source" -> "Filesystem";
            case "fstype" -> "Type";
            case "itotal" -> "Inodes";
            case "iused" -> "IUsed";
            case "iavail" -> "IFree";
            case "ipcent" -> "IUse%";
            case "size" -> human ? "Size" : blockSize == 1 ? "1B-blocks" : blockSize == 1024 ? "1K-blocks"
                    : blockLabel(blockSize) + "-blocks";
            case "used" -> "Used";
            case "avail" -> "Avail";
            case "pcent" -> "Use%";
            case "file" -> "File";
            default -> "Mounted on";
        };
    }

    private static String value(String field, long used, long avail, int percent, long blockSize, boolean human,
            String file) {
        long inodesUsed = 1_904_223L + used / 4_000_000L;
        return switch (field) {
            case "source" -> SOURCE;
            case "fstype" -> "ext4";
            case "itotal" -> Long.toString(INODES);
            case "iused" -> Long.toString(inodesUsed);
            case "iavail" -> Long.toString(INODES - inodesUsed);
            case "ipcent" -> Math.max(1, inodesUsed * 100 / INODES) + "%";
            case "size" -> amount(SIZE_BYTES, blockSize, human);
            case "used" -> amount(used, blockSize, human);
            case "avail" -> amount(avail, blockSize, human);
            case "pcent" -> percent + "%";
            case "file" -> file;
            default -> "/";
        };
    }

    private static String amount(long bytes, long blockSize, boolean human) {
        if (!human) {
            return Long.toString((bytes + blockSize - 1) / blockSize);
        }
        String[] units = {"", "K", "M", "G", "T", "P"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value < 10 ? String.format(Locale.ROOT, "%.1f%s", Math.ceil(value * 10) / 10, units[unit])
                : String.format(Locale.ROOT, "%.0f%s", Math.ceil(value), units[unit]);
    }

    private static long parseBlockSize(String value) {
        String v = value.toUpperCase(Locale.ROOT);
        long factor = 1;
        if (v.endsWith("K")) {
            factor = 1024;
        } else if (v.endsWith("M")) {
            factor = 1024 * 1024;
        } else if (v.endsWith("G")) {
            factor = 1024L * 1024 * 1024;
        }
        String digits = v.replaceAll("[^0-9]", "");
        return (digits.isEmpty() ? 1 : Long.parseLong(digits)) * factor;
    }

    private static String blockLabel(long blockSize) {
        if (blockSize % (1024L * 1024 * 1024) == 0) {
            return blockSize / (1024L * 1024 * 1024) + "G";
        }
        if (blockSize % (1024 * 1024) == 0) {
            return blockSize / (1024 * 1024) + "M";
        }
        if (blockSize % 1024 == 0) {
            return blockSize / 1024 + "K";
        }
        return blockSize + "B";
    }

    /** df's layout: the first and last columns left-aligned, numbers right-aligned, one space between. */
    private static String align(List<List<String>> table) {
        int columns = table.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : table) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : table) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                boolean left = c == 0 && row.get(c).startsWith("/") || cell.equals("Filesystem")
                        || c == columns - 1 || cell.equals("Type") || cell.equals("ext4") || cell.equals("File");
                if (c > 0) {
                    line.append(' ');
                }
                if (c == columns - 1) {
                    line.append(cell);
                } else if (left) {
                    line.append(String.format("%-" + widths[c] + "s", cell));
                } else {
                    line.append(String.format("%" + widths[c] + "s", cell));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
