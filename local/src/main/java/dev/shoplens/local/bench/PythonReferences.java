package dev.shoplens.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The references measured outside the JVM, in the same run, by {@code scripts/bench_reference.py}: Pillow's
 * libjpeg-turbo scaled decode, the CPU's FP32 GEMM peak, and the model's FLOPs per image. Any of them may be
 * missing (no Python with Pillow, NumPy and onnx): the report then says so instead of a ratio.
 */
record PythonReferences(Double pillowScaledDecodeMs, Double gemmGflops, Double modelFlops, String problem) {

    static PythonReferences measure(String python, Path script, Path jpeg, int side, Path onnxModel, int threads) {
        if (!Files.isRegularFile(script)) {
            return new PythonReferences(null, null, null, "no reference script at " + script);
        }
        List<String> command = List.of(python, script.toString(), "--jpeg", jpeg.toString(), "--side",
                Integer.toString(side), "--model", onnxModel == null ? "" : onnxModel.toString(), "--threads",
                Integer.toString(threads));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                return new PythonReferences(null, null, null, String.join(" ", command) + " failed");
            }
            JsonNode json = new ObjectMapper().readTree(new String(output, StandardCharsets.UTF_8));
            StringBuilder problems = new StringBuilder();
            json.fieldNames().forEachRemaining(name -> {
                if (name.endsWith("Error")) {
                    problems.append(name, 0, name.length() - 5).append(": ").append(json.get(name).asText())
                            .append("; ");
                }
            });
            return new PythonReferences(number(json, "pillowScaledDecodeMs"), number(json, "gemmGflops"),
                    number(json, "modelFlops"), problems.isEmpty() ? null : problems.toString());
        } catch (IOException e) {
            return new PythonReferences(null, null, null, "cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PythonReferences(null, null, null, "interrupted");
        }
    }

    private static Double number(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || !n.isNumber() ? null : n.asDouble();
    }
}
