package dev.shoplens.core.domain;

/** What became of one catalog image: indexed, or refused with the reason. */
public record IngestOutcome(ProductId productId, ImageId imageId, ShopLensException failure) {
    public static IngestOutcome indexed(ProductId productId, ImageId imageId) {
        return new IngestOutcome(productId, imageId, null);
    }

    public static IngestOutcome failed(ProductId productId, ShopLensException failure) {
        return new IngestOutcome(productId, null, failure);
    }

    public boolean ok() {
        return failure == null;
    }
}
