package dev.shoplens.aws;

import dev.shoplens.aws.opensearch.KnnEngine;
import dev.shoplens.aws.opensearch.OpenSearchIndexGenerations;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.testing.ReindexScenarios;
import dev.shoplens.engine.djl.DjlEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The re-index on the AWS adapters against real servers: one OpenSearch index per model behind an alias
 * that moves in one _aliases call; catalog and ledger in DynamoDB, images in S3, on moto_server.
 */
class AwsReindexScenariosTest extends ReindexScenarios {
    private static DjlEmbedder tiny;
    private static DjlEmbedder builtin;

    @BeforeAll
    static void load() {
        LocalServices.start();
        tiny = DjlEmbedder.load(Path.of("../core/src/test/resources/models/tiny"), 1);
        builtin = DjlEmbedder.load(Path.of("../../layers/model/builtin"), 1);
    }

    @AfterAll
    static void close() {
        tiny.close();
        builtin.close();
    }

    @Override
    protected Fixture fixture() {
        LocalServices.Stores aws = LocalServices.freshStores("shoplens-reindex");
        String base = "reindex-" + aws.run();
        OpenSearchIndexGenerations generations = new OpenSearchIndexGenerations(LocalServices.openSearch(), base);
        return new Fixture(aws.catalog(), aws.images(), aws.records(), generations, model -> {
            String tag = model.model().versionTag();
            OpenSearchVectorIndex index = new OpenSearchVectorIndex(LocalServices.openSearch(),
                    OpenSearchVectorIndex.indexName(base, tag), tag, model.model().dimension(), KnnEngine.LUCENE);
            index.createIndexIfMissing();
            return index;
        });
    }

    @Override
    protected Embedder oldModel() {
        return tiny;
    }

    @Override
    protected Embedder newModel() {
        return builtin;
    }

    @Override
    protected Duration settle() {
        return Duration.ofSeconds(15); // OpenSearch shows writes after its refresh interval
    }

    @Test
    void theAliasMovesInOneStepAndRemembersFormerIndexes() {
        Fixture f = fixture();
        VectorIndex a = f.indexFor(tiny);
        VectorIndex b = f.indexFor(builtin);
        assertThat(a.size() + b.size()).isZero();
        OpenSearchIndexGenerations generations = (OpenSearchIndexGenerations) f.generations();
        assertThat(generations.live()).isEmpty();
        generations.promote("tiny-test@1");
        assertThat(generations.live()).contains("tiny-test@1");
        String shipped = builtin.model().versionTag(); // whichever version of the built-in model ships
        generations.promote(shipped);
        assertThat(generations.live()).contains(shipped);
        assertThat(generations.wasLive("tiny-test@1")).isTrue();
        assertThat(generations.wasLive("other@2")).isFalse();
        generations.discard("tiny-test@1");
        assertThat(generations.wasLive("tiny-test@1")).isFalse();
        assertThat(generations.live()).contains(shipped);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> generations.discard(shipped))
                .hasMessageContaining("is live");
    }
}
