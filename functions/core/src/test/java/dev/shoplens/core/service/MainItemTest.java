package dev.shoplens.core.service;

import dev.shoplens.core.domain.Box;
import dev.shoplens.core.domain.DetectedObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The item that ranks the products with the whole photo is the largest one, however sure the finder is. */
class MainItemTest {
    @Test
    void theLargestItemIsTheMainOneWhateverItsScoreOrPlace() {
        DetectedObject smallAndSure = new DetectedObject(new Box(0.0, 0.0, 0.2, 0.2), 0.95);
        DetectedObject large = new DetectedObject(new Box(0.3, 0.2, 0.9, 0.9), 0.5);
        DetectedObject wideButThin = new DetectedObject(new Box(0.0, 0.9, 1.0, 1.0), 0.8);
        assertThat(SearchService.mainItem(List.of(smallAndSure, large, wideButThin))).isEqualTo(1);
        assertThat(SearchService.mainItem(List.of(large, smallAndSure))).isZero();
        assertThat(SearchService.mainItem(List.of(wideButThin))).isZero();
    }
}
