package dev.shoplens.core.imaging;

import java.awt.image.BufferedImage;

/**
 * An upright 8-bit RGB image ready for a model, with the size the file declared (before any subsampling).
 */
public record DecodedImage(BufferedImage image, ImageFormat format, int originalWidth, int originalHeight,
                           int subsampling) {
}
