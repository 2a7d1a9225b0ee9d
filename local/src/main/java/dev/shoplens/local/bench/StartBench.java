package dev.shoplens.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up, measured in fresh JVMs on the persisted catalog: JVM boot, model and index load (what a Lambda
 * init does), and the first search, once straight after init and once after the priming SnapStart runs
 * before its snapshot, which is as near as one machine gets to a restored Lambda's first request.
 */
final class StartBench {
    private StartBench() {
    }

    /** @return the resident memory after the first search, in MB; NaN when no child JVM could be measured */
    static double run(Report report, Path dataDir, Path modelDir, Path query) {
        report.section("Start: a fresh JVM on the persisted catalog, to the first answered search");
        JsonNode cold = child(dataDir, modelDir, query, false);
        JsonNode primed = child(dataDir, modelDir, query, true);
        if (cold == null || primed == null) {
            report.line("(could not start a child JVM to measure start-up)");
            return Double.NaN;
        }
        double total = cold.get("jvmBootMs").asDouble() + cold.get("initMs").asDouble()
                + cold.get("firstSearchMs").asDouble();
        report.figure("start to first answered search (JVM boot + init + first search)", total, "ms");
        report.line("  JVM boot %.0f ms + init (model and index load, as a Lambda init) %.0f ms + first search %.0f ms",
                cold.get("jvmBootMs").asDouble(), cold.get("initMs").asDouble(), cold.get("firstSearchMs").asDouble());
        report.ratio("first search after init, after SnapStart's priming (ms)", primed.get("firstSearchMs").asDouble(),
                "first search after init, no priming", cold.get("firstSearchMs").asDouble(), "ms", Goal.atMost(1.0),
                null);
        report.line("  priming itself (run before the snapshot, so no request waits for it): %.0f ms",
                primed.get("primeMs").asDouble());
        report.figure("resident memory after the first search", cold.get("rssMb").asDouble(), "MB");
        return cold.get("rssMb").asDouble();
    }

    private static JsonNode child(Path dataDir, Path modelDir, Path query, boolean prime) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StartProbe.class.getName(),
                dataDir.toString(), modelDir.toString(), query.toString(), Boolean.toString(prime)));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                return null;
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            return new ObjectMapper().readTree(text.substring(text.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
