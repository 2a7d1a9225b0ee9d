package dev.shoplens.core.port;

/**
 * Shoppers' photos uploaded ahead of a search (to a presigned URL in AWS), named by a {@code queryKey}.
 */
public interface QueryPhotos {

    /**
     * The photo's bytes, refused over {@code maxBytes} before they are read.
     *
     * @throws dev.shoplens.core.domain.ShopLensException when the key is not one a client may name, or no
     *                                                    photo is there
     */
    byte[] read(String queryKey, long maxBytes);
}
