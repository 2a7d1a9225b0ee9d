package dev.shoplens.local.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.shoplens.core.embedding.ImagePreprocessor;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.engine.djl.DjlEmbedder;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model through DJL against the raw ONNX Runtime Java API on the same model, threads, batch and
 * preprocessing, alternating so both see the same machine; then the model's arithmetic rate against the
 * CPU's FP32 peak.
 */
final class EmbedBench {
    private static final int WARM_UP_CALLS = 1500;
    private EmbedBench() {
    }

    /** Returns images per second through DJL at batch 8 (0 when the model is not ONNX). */
    static double run(Report report, Embedder djl, ModelManifest manifest, Path modelDir, BufferedImage image,
                      PythonReferences references) {
        int threads = DjlEmbedder.intraOpThreads();
        report.section("Embed: " + manifest.versionTag() + ", one ONNX Runtime pool of " + threads + " threads (all "
                + "cores this process may use) for both sessions, preprocessing included on both sides");
        if (manifest.format() != ModelManifest.Format.ONNX) {
            report.line("(the model is %s: no raw ONNX Runtime reference)", manifest.format());
            return 0;
        }
        double perImageAtBatch8 = 0;
        try (OrtSession session = rawSession(modelDir.resolve(manifest.weights()))) {
            ImagePreprocessor preprocessor = new ImagePreprocessor(manifest);
            // Both paths to steady state first: DJL's path runs more Java per call, which the JIT compiles
            // only after a thousand calls or so; measured before that, it looks 5-10 % slower than it is.
            List<BufferedImage> one = List.of(image);
            List<BufferedImage> eight = Collections.nCopies(8, image);
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                List<BufferedImage> batch = i % 10 == 0 ? eight : one;
                djl.embed(batch);
                rawEmbed(session, manifest, preprocessor, batch);
            }
            for (int batch : new int[]{1, 8}) {
                List<BufferedImage> images = Collections.nCopies(batch, image);
                double[] ms = Timing.alternatingMedians(batch == 1 ? 100 : 30, () -> djl.embed(images),
                        () -> rawEmbed(session, manifest, preprocessor, images));
                report.ratio(String.format(Locale.ROOT, "DJL embed, batch %d (ms per call)", batch), ms[0],
                        "raw ONNX Runtime Java API, same options and pool", ms[1], "ms", Goal.atMost(1.05), null);
                if (batch == 8) {
                    perImageAtBatch8 = ms[0] / 8;
                }
            }
        } catch (OrtException e) {
            report.line("(raw ONNX Runtime reference failed: %s)", e.getMessage());
        }
        double imagesPerSecond = 1000 / perImageAtBatch8;
        if (references.modelFlops() != null && references.gemmGflops() != null) {
            double achieved = references.modelFlops() * imagesPerSecond / 1e9;
            report.figure("model FLOPs per image (Conv/Gemm/MatMul, from the ONNX graph)",
                    references.modelFlops() / 1e9, "GFLOP");
            report.figure("CPU FP32 peak, 1024x1024 GEMM (NumPy BLAS, same threads)", references.gemmGflops(),
                    "GFLOP/s");
            report.share(String.format(Locale.ROOT, "model at batch 8: %.0f images/s = %.1f GFLOP/s, share of peak",
                    imagesPerSecond, achieved), achieved / references.gemmGflops(), "of the GEMM's rate",
                    Goal.atLeast(0.6), "a small CNN at 128 px: its early layers have few channels, so they move "
                            + "more bytes per FLOP than a GEMM and run memory-bound; Java preprocessing is included");
        } else {
            report.line("(no FLOP or GEMM reference: %s)", references.problem());
        }
        return imagesPerSecond;
    }

    private static OrtSession rawSession(Path onnx) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.disablePerSessionThreads(); // the process's one pool, as DJL's session uses
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return OrtEnvironment.getEnvironment().createSession(onnx.toString(), options);
    }

    /** What the DJL translator does, written against ONNX Runtime directly. */
    private static List<float[]> rawEmbed(OrtSession session, ModelManifest manifest, ImagePreprocessor preprocessor,
                                          List<BufferedImage> images) {
        int size = preprocessor.tensorSize();
        float[] batch = new float[size * images.size()];
        for (int i = 0; i < images.size(); i++) {
            preprocessor.toTensor(images.get(i), batch, i * size);
        }
        long[] shape = {images.size(), 3, manifest.inputHeight(), manifest.inputWidth()};
        String input = manifest.inputName() != null ? manifest.inputName() : session.getInputNames().iterator().next();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            float[][] out = (float[][]) result.get(0).getValue();
            List<float[]> vectors = new ArrayList<>(out.length);
            for (float[] v : out) {
                Vectors.normalize(v);
                vectors.add(v);
            }
            return vectors;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
