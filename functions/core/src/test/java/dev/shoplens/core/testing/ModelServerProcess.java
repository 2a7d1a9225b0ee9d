package dev.shoplens.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's model server (layers/model/serve/inference_server.py, ONNX Runtime in Python) as a real
 * process on a free port, serving one model directory; its output is echoed to the test log.
 */
public final class ModelServerProcess implements AutoCloseable {
    private final Process process;
    private final URI endpoint;

    private ModelServerProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts the server of {@code repository} on {@code modelDir} and waits until it listens. */
    public static ModelServerProcess start(Path repository, Path modelDir) {
        return start(repository.resolve("layers/model/serve/inference_server.py"), modelDir, "--port", "0");
    }

    /**
     * Starts SageMaker Runtime's stand-in (layers/model/tests/sagemaker_runtime_stub.py) in front of the
     * server: InvokeEndpoint's path, refused without a SigV4 signature for sagemaker.
     */
    public static ModelServerProcess startBehindSageMakerRuntime(Path repository, Path modelDir) {
        return start(repository.resolve("layers/model/tests/sagemaker_runtime_stub.py"), modelDir, "--port", "0");
    }

    private static ModelServerProcess start(Path script, Path modelDir, String... options) {
        try {
            List<String> command = new ArrayList<>(List.of("python3", script.toString(), "--model-dir",
                    modelDir.toString()));
            command.addAll(List.of(options));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("model server: " + line);
                if (line.startsWith("listening on ")) {
                    URI endpoint = URI.create(line.substring("listening on ".length()).strip());
                    Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> System.out.println("model server: " + l)));
                    return new ModelServerProcess(process, endpoint);
                }
            }
            throw new IllegalStateException("the model server did not start (it needs the project's Python "
                    + "environment: run scripts/test.sh, or source scripts/python-env.sh first)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the model server", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
