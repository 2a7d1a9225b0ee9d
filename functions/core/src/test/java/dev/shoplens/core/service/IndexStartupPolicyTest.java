package dev.shoplens.core.service;

import dev.shoplens.core.service.IndexStartupPolicy.Role;
import dev.shoplens.core.testing.InMemoryPorts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexStartupPolicyTest {
    private static final String OLD = "old@1";
    private static final String NEW = "new@2";
    private final InMemoryPorts.Generations generations = new InMemoryPorts.Generations();
    private final IndexStartupPolicy policy = new IndexStartupPolicy(generations, "Run the re-index job");
    private final List<String> opened = new ArrayList<>();

    private String open(String model, Role role) {
        return policy.open(model, role, () -> {
            opened.add(model);
            return "index of " + model;
        });
    }

    @Test
    void theFirstWriterOnAnEmptyStoreMakesItsIndexLive() {
        assertThat(open(NEW, Role.INGEST)).isEqualTo("index of new@2");
        assertThat(generations.live()).contains(NEW);
    }

    @Test
    void aSearcherOnAnEmptyStoreOpensItsIndexWithoutMakingItLive() {
        assertThat(open(NEW, Role.SEARCH)).isEqualTo("index of new@2");
        assertThat(generations.live()).as("promoting is the writer's: the search role may not").isEmpty();
    }

    @Test
    void aReindexOnAnEmptyStoreLeavesThePromotionToItsEnd() {
        open(NEW, Role.REINDEX);
        assertThat(opened).containsExactly(NEW);
        assertThat(generations.live()).isEmpty();
    }

    @Test
    void aWriterRunsOnlyOnTheLiveModel() {
        generations.promote(NEW);
        generations.promote(OLD);
        assertThatThrownBy(() -> open(NEW, Role.INGEST)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("searched with model old@1, not new@2")
                .hasMessageContaining("former index missed the changes").hasMessageContaining("Run the re-index job");
        assertThat(opened).isEmpty();
        assertThat(generations.live()).contains(OLD);
    }

    @Test
    void anEditorWritesOnlyToTheLiveModelsIndexAndMakesNoIndexLive() {
        assertThat(open(NEW, Role.EDIT)).isEqualTo("index of new@2");
        assertThat(generations.live()).as("an edit finds no vector to change on an empty store").isEmpty();
        generations.promote(OLD);
        generations.promote(NEW);
        assertThatThrownBy(() -> open(OLD, Role.EDIT)).hasMessageContaining("searched with model new@2, not old@1");
    }

    @Test
    void aSearcherMayAnswerFromItsFormerIndexDuringARollout() {
        generations.promote(OLD);
        generations.promote(NEW);
        open(OLD, Role.SEARCH);
        assertThat(opened).containsExactly(OLD);
        assertThat(generations.live()).as("the live pointer stays").contains(NEW);
    }

    @Test
    void aSearcherRefusesAnIndexThatNeverWasLive() {
        generations.promote(OLD);
        assertThatThrownBy(() -> open(NEW, Role.SEARCH)).hasMessageContaining("whose index is not complete");
        assertThat(opened).isEmpty();
    }

    @Test
    void aReindexBackToAFormerModelStartsItsIndexAfresh() {
        generations.promote(OLD);
        generations.promote(NEW);
        open(OLD, Role.REINDEX);
        assertThat(generations.discarded()).containsExactly(OLD);
        assertThat(generations.live()).contains(NEW);
        assertThat(opened).containsExactly(OLD);
    }

    @Test
    void theLiveModelOpensForEveryRoleAndNothingIsDiscarded() {
        generations.promote(NEW);
        for (Role role : Role.values()) {
            open(NEW, role);
        }
        assertThat(opened).hasSize(Role.values().length);
        assertThat(generations.discarded()).isEmpty();
    }
}
