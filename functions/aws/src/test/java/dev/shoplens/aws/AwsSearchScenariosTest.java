package dev.shoplens.aws;

import dev.shoplens.aws.opensearch.KnnEngine;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.testing.SearchScenarios;
import dev.shoplens.engine.djl.DjlEmbedder;
import org.junit.jupiter.api.AfterAll;

import java.nio.file.Path;

/**
 * The query features on the AWS adapters against real servers: the k-NN filters, terms, ranges and
 * boolean trees run inside a local OpenSearch node; catalog and ledger in DynamoDB and images in S3 on
 * moto_server.
 */
class AwsSearchScenariosTest extends SearchScenarios {
    private final DjlEmbedder embedder = DjlEmbedder.load(Path.of("../../layers/model/builtin"), 2);

    @AfterAll
    void close() {
        embedder.close();
    }

    @Override
    protected Stores stores() {
        LocalServices.Stores aws = LocalServices.freshStores("shoplens-search");
        OpenSearchVectorIndex index = new OpenSearchVectorIndex(LocalServices.openSearch(), "search-" + aws.run(),
                embedder.model().versionTag(), embedder.model().dimension(), KnnEngine.LUCENE);
        index.createIndexIfMissing();
        return new Stores(index, aws.catalog(), aws.images(), aws.records());
    }

    @Override
    protected Embedder embedder() {
        return embedder;
    }
}
