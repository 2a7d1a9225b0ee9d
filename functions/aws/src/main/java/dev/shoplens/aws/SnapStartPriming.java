package dev.shoplens.aws;

import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.service.Priming;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart snapshots the function after its init phase. Before the snapshot this hook decodes and embeds
 * a few photos, so the snapshot holds a loaded JPEG decoder, a loaded model and a warmed predictor (native
 * session, JIT-compiled preprocessing) and the first request after a restore does not pay for them.
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

    /** Decodes and embeds a few photos; returns the time it took, in milliseconds. */
    long prime() {
        return Priming.run(embedder);
    }
}
