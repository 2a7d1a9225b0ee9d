package dev.shoplens.core.service;

import dev.shoplens.core.domain.Box;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SideToDecodeTest {
    @Test
    void aBoxAroundASmallItemAsksForMoreOfThePhoto() {
        assertThat(SearchService.sideToDecode(128, null)).isEqualTo(128);
        assertThat(SearchService.sideToDecode(128, new Box(0, 0, 1, 1))).isEqualTo(128);
        assertThat(SearchService.sideToDecode(128, new Box(0.4, 0.4, 0.6, 0.5))).isEqualTo(1280); // 10 % tall
    }
}
