package dev.shoplens.aws;

import dev.shoplens.core.port.Embedder;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;

/**
 * SnapStart snapshots the function after its init phase. Before the snapshot this hook runs the model
 * once, so the snapshot holds a loaded model and a warmed predictor (native session, JIT-compiled
 * preprocessing) and the first request after a restore does not pay for them.
 */
public final class SnapStartPriming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);
    /** CRaC keeps resources weakly: this keeps the hook alive as long as the function. */
    private static SnapStartPriming registered;

    private final Embedder embedder;

    SnapStartPriming(Embedder embedder) {
        this.embedder = embedder;
    }

    /** Registers the hook for this container's application. */
    public static synchronized void register(AwsApplication app) {
        registered = new SnapStartPriming(app.embedder());
        Core.getGlobalContext().register(registered);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        LOG.info("priming before the SnapStart snapshot: {} ms", prime());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to reopen: the SDK's HTTP clients make new connections when they need them.
    }

    /** Runs a few images through the model; returns the time it took, in milliseconds. */
    long prime() {
        long start = System.nanoTime();
        var model = embedder.model();
        BufferedImage image = new BufferedImage(model.inputWidth() * 2, model.inputHeight() * 2,
                BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 3; i++) {
            embedder.embed(image);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
