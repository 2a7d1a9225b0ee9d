package dev.shoplens.core.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.port.Embedder;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeds on a remote model server (a GPU machine) that speaks the SageMaker container contract: GET /ping,
 * POST /invocations. The preprocessing stays here, the same {@link ImagePreprocessor} as the local
 * embedder; the tensor travels as a .npy array and the server answers with the raw embeddings, which this
 * class normalises as the manifest says. The server must serve the same model: its answer names the model,
 * and a different one is refused.
 */
public final class RemoteEmbedder implements Embedder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelManifest manifest;
    private final ImagePreprocessor preprocessor;
    private final Transport transport;
    private final ModelDescription description;

    /**
     * How a batch reaches the model server: plain HTTP to a container ({@link #http}), or a signed
     * SageMaker Runtime InvokeEndpoint call (the AWS adapters provide one).
     */
    public interface Transport extends AutoCloseable {
        /** Checks that the server is up; a failure says why in words. */
        void ping();

        /** Sends a .npy batch; returns the JSON answer's bytes, or throws with the server's message. */
        byte[] invoke(byte[] npy);

        /** Where it goes, for messages. */
        String describe();

        @Override
        void close();
    }

    private RemoteEmbedder(ModelManifest manifest, Transport transport) {
        this.manifest = manifest;
        this.preprocessor = new ImagePreprocessor(manifest);
        this.transport = transport;
        this.description = new ModelDescription(manifest.name(), manifest.version(), manifest.outputDimension(),
                manifest.inputWidth(), manifest.inputHeight());
    }

    /**
     * Connects to a model server at a base URL, e.g. http://gpu-host:8080 (GET /ping, POST /invocations).
     */
    public static RemoteEmbedder connect(ModelManifest manifest, URI endpoint) {
        return connect(manifest, http(endpoint));
    }

    /** Connects through a transport and checks, with one test image, that it serves this manifest's model. */
    public static RemoteEmbedder connect(ModelManifest manifest, Transport transport) {
        transport.ping();
        RemoteEmbedder embedder = new RemoteEmbedder(manifest, transport);
        embedder.embed(new BufferedImage(manifest.inputWidth(), manifest.inputHeight(), BufferedImage.TYPE_INT_RGB));
        return embedder;
    }

    /** The SageMaker container contract over plain HTTP. */
    public static Transport http(URI endpoint) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI invocations = endpoint.resolve("/invocations");
        return new Transport() {
            @Override
            public void ping() {
                try {
                    HttpResponse<String> ping = http.send(HttpRequest.newBuilder(endpoint.resolve("/ping"))
                            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (ping.statusCode() != 200) {
                        throw new ModelManifestException("model server " + endpoint + " answers /ping with "
                                + ping.statusCode());
                    }
                } catch (IOException e) {
                    throw new ModelManifestException("model server " + endpoint + " does not answer: " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public byte[] invoke(byte[] npy) {
                return send(http, HttpRequest.newBuilder(invocations).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-npy").POST(HttpRequest.BodyPublishers.ofByteArray(npy))
                        .build(), "model server " + invocations);
            }

            @Override
            public String describe() {
                return invocations.toString();
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }

    /** Sends one request to a model server and returns the body of its 200 answer; anything else throws. */
    public static byte[] send(HttpClient http, HttpRequest request, String server) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(server + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(server + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<float[]> embed(List<BufferedImage> images) {
        List<float[]> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += DjlEmbedder.MAX_BATCH) {
            out.addAll(invoke(images.subList(from, Math.min(images.size(), from + DjlEmbedder.MAX_BATCH))));
        }
        return out;
    }

    private List<float[]> invoke(List<BufferedImage> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        int size = preprocessor.tensorSize();
        float[] tensor = new float[size * batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            preprocessor.toTensor(batch.get(i), tensor, i * size);
        }
        byte[] npy = Npy.float32(tensor, batch.size(), 3, manifest.inputHeight(), manifest.inputWidth());
        try {
            JsonNode json = JSON.readTree(transport.invoke(npy));
            String served = json.path("model").asText();
            if (!served.equals(manifest.versionTag())) {
                throw new ModelManifestException("the model server serves " + served + ", not " + manifest.versionTag()
                        + ": vectors of different models must never be mixed");
            }
            List<float[]> out = new ArrayList<>(batch.size());
            for (JsonNode row : json.path("embeddings")) {
                if (row.size() != manifest.outputDimension()) {
                    throw new ModelManifestException("the model server returns " + row.size() + " numbers per image; "
                            + "manifest field 'outputDimension' says " + manifest.outputDimension());
                }
                float[] v = new float[row.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) row.get(i).asDouble();
                }
                if (manifest.normalization() == ModelManifest.Normalization.L2) {
                    Vectors.normalize(v);
                }
                out.add(v);
            }
            if (out.size() != batch.size()) {
                throw new IllegalStateException("model server returned " + out.size() + " embeddings for " + batch.size()
                        + " images");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("model server " + transport.describe() + " answered what is not JSON", e);
        }
    }

    @Override
    public ModelDescription model() {
        return description;
    }

    @Override
    public void close() {
        transport.close();
    }

    /** NumPy's .npy format (version 1.0) for a little-endian float32 array. */
    static final class Npy {
        private Npy() {
        }

        static byte[] float32(float[] data, int... shape) {
            StringBuilder dims = new StringBuilder();
            for (int d : shape) {
                dims.append(d).append(", ");
            }
            String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims.toString().strip() + "), }";
            int unpadded = 10 + header.length() + 1;
            header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
            ByteArrayOutputStream out = new ByteArrayOutputStream(10 + header.length() + data.length * 4);
            out.writeBytes(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(header.length() & 0xFF);
            out.write((header.length() >> 8) & 0xFF);
            out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer body = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            body.asFloatBuffer().put(data);
            out.writeBytes(body.array());
            return out.toByteArray();
        }
    }
}
