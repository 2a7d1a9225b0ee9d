package dev.shoplens.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code manifest.json} from a model directory and checks every field, so a wrong model fails at
 * start with a message that names the field instead of returning nonsense vectors later.
 */
public final class ModelManifestReader {
    public static final String MANIFEST_FILE = "manifest.json";
    private static final Set<String> KNOWN_FIELDS = Set.of("name", "version", "format", "weights", "sha256",
            "inputWidth", "inputHeight", "resize", "mean", "std", "colorOrder", "pixelScale", "outputDimension",
            "normalization", "inputName", "outputName", "description", "license", "source", "interpolation",
            "resizeShorterSide", "kind");
    private static final Set<String> FINDER_FIELDS = Set.of("kind", "name", "version", "format", "weights", "sha256",
            "inputWidth", "inputHeight", "resize", "mean", "std", "colorOrder", "pixelScale", "inputName",
            "description", "license", "source", "interpolation", "resizeShorterSide", "scoresName", "boxesName",
            "maxObjects", "minScore");
    private static final String EMBEDDER = "image-embedder";
    private static final String OBJECT_FINDER = "object-finder";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelManifestReader() {
    }

    /** Reads and checks the manifest, and checks that the weights file exists and matches its SHA-256. */
    public static ModelManifest read(Path modelDir) {
        ModelManifest manifest = readManifestOnly(modelDir);
        verifyWeights(modelDir, manifest);
        return manifest;
    }

    /** Reads and checks the manifest's fields without touching the weights. */
    public static ModelManifest readManifestOnly(Path modelDir) {
        return parse(readTree(modelDir), modelDir.resolve(MANIFEST_FILE).toString());
    }

    static ModelManifest parse(JsonNode root, String where) {
        // the kind first: another kind of model has other fields, and its fields are no misspellings
        Fields k = new Fields(root, where);
        if (root != null && root.isObject() && !k.kind().equals(EMBEDDER)) {
            throw k.kind().equals(OBJECT_FINDER)
                    ? k.error("kind", "says this directory holds an object finder, not an image embedder: give it "
                    + "as the object finder (--object-finder, or OBJECT_FINDER_DIR in AWS)")
                    : k.error("kind", "must be '" + EMBEDDER + "' for an image embedder, got '" + k.kind() + "'");
        }
        Fields f = fields(root, where, KNOWN_FIELDS);
        int dim = f.integer("outputDimension", 1, 65536);
        ModelManifest.Normalization normalization = f.choice("normalization", ModelManifest.Normalization.class);
        return image(f, dim, normalization, f.optionalText("outputName"));
    }

    /** Reads and checks an object finder's manifest, and checks its weights against their SHA-256. */
    public static ObjectFinderManifest readObjectFinder(Path modelDir) {
        ObjectFinderManifest manifest = parseObjectFinder(readTree(modelDir), modelDir.resolve(MANIFEST_FILE).toString());
        verifyWeights(modelDir, manifest.input());
        return manifest;
    }

    static ObjectFinderManifest parseObjectFinder(JsonNode root, String where) {
        Fields k = new Fields(root, where);
        if (root != null && root.isObject() && !k.kind().equals(OBJECT_FINDER)) {
            throw k.error("kind", "must be '" + OBJECT_FINDER + "' for an object finder, got '" + k.kind() + "'"
                    + (k.kind().equals(EMBEDDER) ? ": this directory holds an image embedder (give it as the model)" : ""));
        }
        Fields f = fields(root, where, FINDER_FIELDS);
        String scores = f.text("scoresName");
        String boxes = f.text("boxesName");
        int maxObjects = f.integer("maxObjects", 1, 1000);
        float minScore = (float) f.number("minScore", 0, 1, false);
        // The image side of the contract is an embedder's; each of the model's boxes is 4 numbers.
        return new ObjectFinderManifest(image(f, 4, ModelManifest.Normalization.NONE, boxes), scores, boxes, maxObjects,
                minScore);
    }

    private static JsonNode readTree(Path modelDir) {
        Path file = modelDir.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelManifestException("model directory " + modelDir.toAbsolutePath() + " has no " + MANIFEST_FILE);
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelManifestException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Fields fields(JsonNode root, String where, Set<String> known) {
        if (root == null || !root.isObject()) {
            throw new ModelManifestException(where + " must hold a JSON object");
        }
        Fields f = new Fields(root, where);
        root.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw f.error(name, "is not a manifest field (misspelt?); known fields are " + new TreeSet<>(known));
            }
        });
        return f;
    }

    /** The fields every model shares: its identity, its weights and how a picture becomes its input. */
    private static ModelManifest image(Fields f, int dim, ModelManifest.Normalization normalization, String outputName) {
        JsonNode root = f.root();
        String name = f.name("name");
        String version = f.name("version");
        ModelManifest.Format format = f.choice("format", ModelManifest.Format.class);
        String weights = f.text("weights");
        if (weights.contains("/") || weights.contains("\\") || weights.startsWith(".")) {
            throw f.error("weights", "must be a file name inside the model directory, got '" + weights + "'");
        }
        String sha256 = f.text("sha256").toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha256).matches()) {
            throw f.error("sha256", "must be 64 hexadecimal digits");
        }
        int width = f.integer("inputWidth", 8, 4096);
        int height = f.integer("inputHeight", 8, 4096);
        ModelManifest.Resize resize = f.choice("resize", ModelManifest.Resize.class);
        List<Float> mean = f.triple("mean", -1000, 1000, false);
        List<Float> std = f.triple("std", 0, 1000, true);
        ModelManifest.ColorOrder order = f.choice("colorOrder", ModelManifest.ColorOrder.class);
        float scale = (float) f.number("pixelScale", 0, 1000, true);
        ModelManifest.Interpolation interpolation = root.hasNonNull("interpolation")
                ? f.choice("interpolation", ModelManifest.Interpolation.class) : ModelManifest.Interpolation.JAVA2D_BILINEAR;
        int shorterSide = 0;
        if (root.hasNonNull("resizeShorterSide")) {
            if (resize != ModelManifest.Resize.SHORTER_SIDE_CENTER_CROP) {
                throw f.error("resizeShorterSide", "only applies with resize shorter-side-center-crop");
            }
            shorterSide = f.integer("resizeShorterSide", Math.max(width, height), 8192);
        }
        return new ModelManifest(name, version, format, weights, sha256, width, height, resize, mean, std, order,
                scale, dim, normalization, f.optionalText("inputName"), outputName, interpolation, shorterSide);
    }

    static void verifyWeights(Path modelDir, ModelManifest manifest) {
        Path weights = modelDir.resolve(manifest.weights());
        if (!Files.isRegularFile(weights)) {
            throw new ModelManifestException("weights file " + weights.toAbsolutePath()
                    + " named by manifest field 'weights' does not exist");
        }
        String actual = sha256(weights);
        if (!actual.equals(manifest.sha256())) {
            throw new ModelManifestException("weights file " + weights + " has SHA-256 " + actual
                    + " but manifest field 'sha256' says " + manifest.sha256()
                    + ": the file is damaged or belongs to another model");
        }
    }

    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new ModelManifestException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Typed access to the manifest's fields, each failure naming the field. */
    private record Fields(JsonNode root, String where) {
        String kind() {
            return root.hasNonNull("kind") ? text("kind") : EMBEDDER;
        }

        ModelManifestException error(String field, String problem) {
            return new ModelManifestException(where + ": field '" + field + "' " + problem);
        }

        JsonNode required(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                throw error(field, "is missing");
            }
            return node;
        }

        String text(String field) {
            JsonNode node = required(field);
            if (!node.isTextual() || node.asText().isBlank()) {
                throw error(field, "must be a non-empty string");
            }
            return node.asText().strip();
        }

        String optionalText(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual() || node.asText().isBlank()) {
                throw error(field, "must be a non-empty string when present");
            }
            return node.asText();
        }

        String name(String field) {
            String value = text(field);
            if (!SAFE_NAME.matcher(value).matches()) {
                throw error(field, "must be letters, digits, '.', '_' or '-' (got '" + value + "')");
            }
            return value;
        }

        <E extends Enum<E>> E choice(String field, Class<E> type) {
            String value = text(field);
            String constant = value.toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(constant)) {
                    return e;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw error(field, "must be one of " + allowed + ", got '" + value + "'");
        }

        double number(String field, double min, double max, boolean exclusiveMin) {
            JsonNode node = required(field);
            if (!node.isNumber()) {
                throw error(field, "must be a number");
            }
            double v = node.asDouble();
            if (Double.isNaN(v) || v > max || v < min || (exclusiveMin && v == min)) {
                throw error(field, "must be " + (exclusiveMin ? "greater than " : "at least ") + min
                        + " and at most " + max + ", got " + v);
            }
            return v;
        }

        int integer(String field, int min, int max) {
            JsonNode node = required(field);
            if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
                throw error(field, "must be a whole number from " + min + " to " + max + ", got " + node);
            }
            return node.asInt();
        }

        List<Float> triple(String field, double min, double max, boolean positive) {
            JsonNode node = required(field);
            if (!node.isArray() || node.size() != 3) {
                throw error(field, "must be a list of 3 numbers, one per colour channel");
            }
            List<Float> out = new ArrayList<>(3);
            for (JsonNode n : node) {
                if (!n.isNumber() || n.asDouble() < min || n.asDouble() > max || (positive && n.asDouble() <= 0)) {
                    throw error(field, "must hold 3 numbers" + (positive ? " greater than 0" : "") + ", got " + node);
                }
                out.add((float) n.asDouble());
            }
            return List.copyOf(out);
        }
    }
}
