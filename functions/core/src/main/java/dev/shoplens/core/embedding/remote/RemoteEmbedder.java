package dev.shoplens.core.embedding.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.embedding.ImagePreprocessor;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.port.Embedder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeds on a remote model server (a GPU machine) that speaks the SageMaker container contract. The
 * preprocessing stays here, the same {@link ImagePreprocessor} as the local engine; the tensor travels as a
 * .npy array through a {@link ModelServerTransport} and the server answers with the raw embeddings, which
 * this class normalises as the manifest says. The server must serve the same model: its answer names the
 * model, and a different one is refused.
 */
public final class RemoteEmbedder implements Embedder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelManifest manifest;
    private final ImagePreprocessor preprocessor;
    private final ModelServerTransport transport;
    private final ModelDescription description;

    private RemoteEmbedder(ModelManifest manifest, ModelServerTransport transport) {
        this.manifest = manifest;
        this.preprocessor = new ImagePreprocessor(manifest);
        this.transport = transport;
        this.description = new ModelDescription(manifest.name(), manifest.version(), manifest.outputDimension(),
                manifest.inputWidth(), manifest.inputHeight());
    }

    /** Connects to a model server at a base URL, e.g. http://gpu-host:8080 (GET /ping, POST /invocations). */
    public static RemoteEmbedder connect(ModelManifest manifest, URI endpoint) {
        return connect(manifest, new HttpModelServerTransport(endpoint));
    }

    /** Connects through a transport and checks, with one test image, that it serves this manifest's model. */
    public static RemoteEmbedder connect(ModelManifest manifest, ModelServerTransport transport) {
        transport.ping();
        RemoteEmbedder embedder = new RemoteEmbedder(manifest, transport);
        embedder.embed(new BufferedImage(manifest.inputWidth(), manifest.inputHeight(), BufferedImage.TYPE_INT_RGB));
        return embedder;
    }

    @Override
    public List<float[]> embed(List<BufferedImage> images) {
        return images.isEmpty() ? List.of() : Embedder.inBatches(images, this::invoke);
    }

    private List<float[]> invoke(List<BufferedImage> batch) {
        int size = preprocessor.tensorSize();
        float[] tensor = new float[size * batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            preprocessor.toTensor(batch.get(i), tensor, i * size);
        }
        byte[] npy = Npy.float32(tensor, batch.size(), 3, manifest.inputHeight(), manifest.inputWidth());
        JsonNode answer;
        try {
            answer = JSON.readTree(transport.invoke(npy));
        } catch (IOException e) {
            throw new UncheckedIOException("model server " + transport.describe() + " answered what is not JSON", e);
        }
        List<float[]> vectors = vectorsOf(answer);
        if (vectors.size() != batch.size()) {
            throw new IllegalStateException("model server returned " + vectors.size() + " embeddings for "
                    + batch.size() + " images");
        }
        return vectors;
    }

    /** Reads {"model": "name@version", "embeddings": [[...], ...]}, refusing another model's vectors. */
    private List<float[]> vectorsOf(JsonNode answer) {
        String served = answer.path("model").asText();
        if (!served.equals(manifest.versionTag())) {
            throw new ModelManifestException("the model server serves " + served + ", not " + manifest.versionTag()
                    + ": vectors of different models must never be mixed");
        }
        List<float[]> out = new ArrayList<>();
        for (JsonNode row : answer.path("embeddings")) {
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
        return out;
    }

    @Override
    public ModelDescription model() {
        return description;
    }

    @Override
    public void close() {
        transport.close();
    }
}
