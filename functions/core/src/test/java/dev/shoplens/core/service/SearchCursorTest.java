package dev.shoplens.core.service;

import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchCursorTest {
    private static final byte[] SEARCH = SearchCursor.fingerprint("m@1", new byte[]{1, 2, 3});

    @Test
    void remembersEveryProductAlreadyReturned() {
        int[] shown = {SearchCursor.hashOf(ProductId.of("teddy-bear")),
            SearchCursor.hashOf(ProductId.of("hat-ribbon"))};
        String token = new SearchCursor(2, 0.5f, ProductId.of("hat-ribbon"), shown, SEARCH).encode();
        SearchCursor cursor = SearchCursor.decode(token, SEARCH);
        assertThat(cursor.returned()).isEqualTo(2);
        assertThat(cursor.lastScore()).isEqualTo(0.5f);
        // a product found again on the next page, with a lower score than it had, is still known
        assertThat(cursor.shows(ProductId.of("hat-ribbon"))).isTrue();
        assertThat(cursor.shows(ProductId.of("teddy-bear"))).isTrue();
        assertThat(cursor.shows(ProductId.of("boot-hiking"))).isFalse();
    }

    @Test
    void refusesACursorOfAnotherSearchOrAnEditedOne() {
        String token = new SearchCursor(1, 0.5f, ProductId.of("a"), new int[]{SearchCursor.hashOf(ProductId.of("a"))},
                SEARCH).encode();
        byte[] other = SearchCursor.fingerprint("m@1", new byte[]{9});
        assertThatThrownBy(() -> SearchCursor.decode(token, other)).isInstanceOf(ShopLensException.class)
                .hasMessageContaining("another search");
        String edited = token.substring(0, 5) + (token.charAt(5) == 'A' ? 'B' : 'A') + token.substring(6);
        assertThatThrownBy(() -> SearchCursor.decode(edited, SEARCH)).isInstanceOf(ShopLensException.class)
                .hasMessageContaining("not one this service gave out");
    }
}
