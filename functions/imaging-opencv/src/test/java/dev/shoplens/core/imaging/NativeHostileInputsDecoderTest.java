package dev.shoplens.core.imaging;

import dev.shoplens.imaging.opencv.OpenCvJpegDecoder;

/** The whole hostile corpus through libjpeg-turbo. */
class NativeHostileInputsDecoderTest extends HostileInputsDecoderTest {
    @Override
    protected ImageDecoder decoder(DecodeLimits limits) {
        return ImageDecoder.withNativeJpeg(limits, new OpenCvJpegDecoder());
    }
}
