package dev.shoplens.core.service;

import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.imaging.JpegEncoder;
import dev.shoplens.core.port.Embedder;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * What a first request would otherwise pay for, done ahead: the JPEG decoder (its native library loads on
 * first use) and the model (native session, JIT-compiled preprocessing), on a generated photo twice the
 * model's side. Run before a SnapStart snapshot, and by the benchmark that measures its effect.
 */
public final class Priming {
    private static final int RUNS = 3;

    private Priming() {
    }

    /** Returns the time it took, in milliseconds. */
    public static long run(Embedder embedder) {
        long start = System.nanoTime();
        Embedder.ModelDescription model = embedder.model();
        int w = model.inputWidth() * 2;
        int h = model.inputHeight() * 2;
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(200, 60, 40));
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        byte[] jpeg = JpegEncoder.encode(picture, 0.9f);
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        for (int i = 0; i < RUNS; i++) {
            embedder.embed(decoder.decode(jpeg, Math.min(model.inputWidth(), model.inputHeight())).image());
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
