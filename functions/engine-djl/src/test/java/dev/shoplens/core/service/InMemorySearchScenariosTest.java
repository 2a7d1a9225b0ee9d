package dev.shoplens.core.service;

import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.testing.InMemoryPorts;
import dev.shoplens.core.testing.SearchScenarios;
import dev.shoplens.core.testing.TestImages;
import dev.shoplens.engine.djl.DjlEmbedder;
import org.junit.jupiter.api.AfterAll;

/** The query features on the in-memory reference stores: checks the contract itself, paging and refusals. */
class InMemorySearchScenariosTest extends SearchScenarios {
    private final DjlEmbedder embedder = DjlEmbedder.load(TestImages.tinyModel(), 2);

    @AfterAll
    void closeModel() {
        embedder.close();
    }

    @Override
    protected Stores stores() {
        return new Stores(new InMemoryPorts.ExactIndex(), new InMemoryPorts.Catalog(), new InMemoryPorts.Images(),
                new InMemoryPorts.Records());
    }

    @Override
    protected Embedder embedder() {
        return embedder;
    }
}
