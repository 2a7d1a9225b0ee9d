package dev.shoplens.aws;

import dev.shoplens.aws.opensearch.KnnEngine;
import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.service.IndexStartupPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The functions' settings are checked once, at start, and a problem names the variable or the file. */
class AwsSettingsTest {
    private static Map<String, String> valid() {
        return new HashMap<>(Map.of("AWS_REGION", "eu-west-1", "IMAGE_BUCKET", "b", "PRODUCTS_TABLE", "p",
                "IMAGE_RECORDS_TABLE", "r", "OPENSEARCH_ENDPOINT", "https://abc.eu-west-1.aoss.amazonaws.com"));
    }

    @Test
    void readsTheTemplatesVariablesWithDefaults() {
        AwsSettings settings = AwsSettings.from(valid());
        assertThat(settings.serverless()).isTrue();
        assertThat(settings.knnEngine()).isEqualTo(KnnEngine.FAISS);
        assertThat(settings.merchants()).isEqualTo(new AwsSettings.Merchants("shoplens-merchant", "merchants"));
        assertThat(settings.modelDir().toString()).isEqualTo("/opt/model");
        assertThat(settings.awsEndpoint()).isNull();
        assertThat(settings.embedderUrl()).isNull();
    }

    @Test
    void aMissingOrWrongVariableIsNamed() {
        for (String name : new String[]{"AWS_REGION", "IMAGE_BUCKET", "PRODUCTS_TABLE", "IMAGE_RECORDS_TABLE",
                "OPENSEARCH_ENDPOINT"}) {
            Map<String, String> env = valid();
            env.remove(name);
            assertThatThrownBy(() -> AwsSettings.from(env)).hasMessage("environment variable " + name + " is not set");
        }
        Map<String, String> env = valid();
        env.put("OPENSEARCH_ENDPOINT", "abc.aoss.amazonaws.com");
        assertThatThrownBy(() -> AwsSettings.from(env)).hasMessageContaining("OPENSEARCH_ENDPOINT must be an http(s) URL");
        env.put("OPENSEARCH_ENDPOINT", "https://abc.aoss.amazonaws.com");
        env.put("MAX_IMAGE_BYTES", "lots");
        assertThatThrownBy(() -> AwsSettings.from(env)).hasMessageContaining("MAX_IMAGE_BYTES must be a positive whole number");
        env.remove("MAX_IMAGE_BYTES");
        env.put("KNN_ENGINE", "nmslib");
        assertThatThrownBy(() -> AwsSettings.from(env))
                .hasMessage("environment variable KNN_ENGINE must be faiss or lucene, got 'nmslib'");
        env.put("KNN_ENGINE", "lucene");
        env.put("EMBEDDER_URL", "sagemaker:bad_name");
        assertThatThrownBy(() -> AwsSettings.from(env)).hasMessageContaining("EMBEDDER_URL")
                .hasMessageContaining("not a valid endpoint name");
    }

    @Test
    void aFunctionWithoutItsModelLayerFailsAtStartSayingSo() {
        Map<String, String> env = valid();
        env.put("MODEL_DIR", "/nonexistent/model");
        assertThatThrownBy(() -> AwsApplication.start(AwsSettings.from(env), IndexStartupPolicy.Role.SEARCH, false))
                .isInstanceOf(ModelManifestException.class).hasMessageContaining("/nonexistent/model")
                .hasMessageContaining("has no manifest.json");
    }

    @Test
    void aModelWhoseWeightsChangedFailsToLoadAtStartNamingTheChecksum(@TempDir Path dir) throws Exception {
        Path builtin = LocalAws.repositoryRoot().resolve("layers/model/builtin");
        Files.copy(builtin.resolve("manifest.json"), dir.resolve("manifest.json"));
        byte[] weights = Files.readAllBytes(builtin.resolve("model.onnx"));
        weights[weights.length / 2] ^= 0x55; // one flipped byte, as a broken layer upload would leave it
        Files.write(dir.resolve("model.onnx"), weights);
        Map<String, String> env = valid();
        env.put("MODEL_DIR", dir.toString());
        assertThatThrownBy(() -> AwsApplication.start(AwsSettings.from(env), IndexStartupPolicy.Role.INGEST, false))
                .isInstanceOf(ModelManifestException.class).hasMessageContaining("SHA-256");
    }
}
