package dev.shoplens.core.imaging;

import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.testing.HostileInputs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The decoder under every entry point, on the whole hostile corpus. */
class HostileInputsDecoderTest {
    private static final long MAX_BYTES = 2L * 1024 * 1024;
    private final ImageDecoder decoder = decoder(new DecodeLimits(MAX_BYTES, DecodeLimits.DEFAULT.maxPixels()));

    /** The pure-Java path; the native path's module runs the corpus through its decoder. */
    protected ImageDecoder decoder(DecodeLimits limits) {
        return ImageDecoder.pureJava(limits);
    }

    static List<HostileInputs.Case> corpus() {
        return HostileInputs.corpus(MAX_BYTES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachFileIsAPictureOrRefusedByName(HostileInputs.Case c) {
        if (c.accepted()) {
            DecodedImage image = decoder.decode(c.bytes(), 224);
            assertThat(image.image().getWidth()).isPositive();
        } else {
            ShopLensException e = catchThrowableOfType(ShopLensException.class, () -> decoder.decode(c.bytes(), 224));
            assertThat(e).as("%s must be refused", c.name()).isNotNull();
            assertThat(c.refusals()).as("%s: %s", c.name(), e.getMessage()).contains(e.code().wireName());
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
