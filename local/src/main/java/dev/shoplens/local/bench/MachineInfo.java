package dev.shoplens.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What the figures were measured on: CPU model, cores this process may use, and its resident memory. */
final class MachineInfo {
    private MachineInfo() {
    }

    static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").map(l -> l.substring(l.indexOf(':') + 1).strip())
                .orElse(System.getProperty("os.arch"));
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Resident set size now (VmRSS) and at its peak (VmHWM), in MB; empty where /proc is absent. */
    static Optional<double[]> residentMb() {
        Optional<Double> now = procLine("/proc/self/status", "VmRSS").map(MachineInfo::kb);
        Optional<Double> peak = procLine("/proc/self/status", "VmHWM").map(MachineInfo::kb);
        return now.isPresent() && peak.isPresent() ? Optional.of(new double[]{now.get(), peak.get()})
                : Optional.empty();
    }

    static String describe() {
        return String.format(Locale.ROOT, "%s, %d cores for this process, Java %s, %s %s", cpuModel(), cores(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    private static double kb(String line) {
        return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0;
    }

    private static Optional<String> procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
