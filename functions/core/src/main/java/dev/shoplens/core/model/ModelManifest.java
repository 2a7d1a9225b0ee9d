package dev.shoplens.core.model;

import java.util.List;

/**
 * The contract of a model directory: the weights plus exactly how to turn a picture into the model's input
 * tensor and what comes out. Built only by {@link ModelManifestReader}, which checks every field.
 *
 * @param name            a short name, e.g. {@code builtin-shopper-cnn}
 * @param version         the model's version; vectors of different versions are never compared
 * @param format          which engine runs the weights
 * @param weights         the weights file's name inside the directory
 * @param sha256          the weights file's SHA-256, checked before loading
 * @param inputWidth      the input tensor's width
 * @param inputHeight     the input tensor's height
 * @param resize          how a picture is fitted to the input size
 * @param mean            per-channel mean subtracted after scaling, in the manifest's colour order
 * @param std             per-channel standard deviation divided by after subtracting the mean
 * @param colorOrder      the channel order the model expects
 * @param pixelScale      what a 0-255 pixel value is multiplied by first (1/255 for most models)
 * @param outputDimension the embedding's length
 * @param normalization   what is done to the model's output
 * @param inputName       the graph's input name, or null for the only input
 * @param outputName      the graph's output name, or null for the first output
 * @param interpolation   how pixels are resampled when the picture is resized
 * @param resizeShorterSide with {@link Resize#SHORTER_SIDE_CENTER_CROP}: the shorter side's length before
 *                        the centre is cut (256 for a 224 crop in DINOv2 and ImageNet CNNs); 0 means the
 *                        input size itself, as CLIP does
 */
public record ModelManifest(String name, String version, Format format, String weights, String sha256,
                            int inputWidth, int inputHeight, Resize resize, List<Float> mean, List<Float> std,
                            ColorOrder colorOrder, float pixelScale, int outputDimension,
                            Normalization normalization, String inputName, String outputName,
                            Interpolation interpolation, int resizeShorterSide) {

    public enum Format {
        ONNX("OnnxRuntime"), TORCHSCRIPT("PyTorch");

        private final String djlEngine;

        Format(String djlEngine) {
            this.djlEngine = djlEngine;
        }

        public String djlEngine() {
            return djlEngine;
        }
    }

    public enum Resize {
        /** Stretch to the input size, ignoring the aspect ratio. */
        SQUASH,
        /** Scale the shorter side to the input size, then cut the centre (CLIP, most ImageNet CNNs). */
        SHORTER_SIDE_CENTER_CROP,
        /** Scale the longer side to the input size and pad the rest with white. */
        LETTERBOX
    }

    public enum Interpolation {
        /** Java2D bilinear, halving step by step first: what the built-in model is used with. */
        JAVA2D_BILINEAR,
        /** Pillow's BILINEAR, antialiased, exactly (the Python processors of many CNNs). */
        BILINEAR,
        /** Pillow's BICUBIC, antialiased, exactly (CLIP's and DINOv2's processors). */
        BICUBIC
    }

    public enum ColorOrder { RGB, BGR }

    public enum Normalization { L2, NONE }

    public String versionTag() {
        return name + "@" + version;
    }
}
