package dev.shoplens.core.service;

import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.testing.InMemoryPorts;
import dev.shoplens.core.testing.ReindexScenarios;
import dev.shoplens.core.testing.TestImages;
import dev.shoplens.engine.djl.DjlEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The re-index on the in-memory reference stores, from the tiny test model to the built-in model. */
class InMemoryReindexScenariosTest extends ReindexScenarios {
    private static DjlEmbedder tiny;
    private static DjlEmbedder builtin;

    @BeforeAll
    static void loadModels() {
        tiny = DjlEmbedder.load(TestImages.tinyModel(), 1);
        builtin = DjlEmbedder.load(Path.of("../../layers/model/builtin"), 1);
    }

    @AfterAll
    static void closeModels() {
        tiny.close();
        builtin.close();
    }

    @Override
    protected Fixture fixture() {
        Map<String, VectorIndex> indexes = new HashMap<>();
        return new Fixture(new InMemoryPorts.Catalog(), new InMemoryPorts.Images(), new InMemoryPorts.Records(),
                new InMemoryPorts.Generations(),
                model -> indexes.computeIfAbsent(model.model().versionTag(), m -> new InMemoryPorts.ExactIndex()));
    }

    @Override
    protected Embedder oldModel() {
        return tiny;
    }

    @Override
    protected Embedder newModel() {
        return builtin;
    }
}
