import numpy as np
import pytest
from PIL import Image

from shoplens_model.preprocess import preprocess, to_rgb

MANIFEST = {"inputWidth": 4, "inputHeight": 2, "resize": "squash", "interpolation": "bilinear",
            "pixelScale": 1 / 255, "mean": [0.5, 0.25, 0.0], "std": [0.5, 0.25, 1.0], "colorOrder": "RGB"}


def test_a_flat_colour_becomes_its_normalised_value_in_every_cell():
    tensor = preprocess(Image.new("RGB", (10, 7), (255, 51, 0)), MANIFEST)
    assert tensor.shape == (3, 2, 4) and tensor.dtype == np.float32
    np.testing.assert_allclose(tensor[0], 1.0, atol=1e-6)  # (1 - 0.5) / 0.5
    np.testing.assert_allclose(tensor[1], -0.2, atol=1e-6)  # (0.2 - 0.25) / 0.25
    np.testing.assert_allclose(tensor[2], 0.0, atol=1e-6)


def test_bgr_swaps_the_channels():
    rgb = preprocess(Image.new("RGB", (4, 2), (10, 20, 30)), MANIFEST | {"mean": [0, 0, 0], "std": [1, 1, 1]})
    bgr = preprocess(Image.new("RGB", (4, 2), (10, 20, 30)),
                     MANIFEST | {"mean": [0, 0, 0], "std": [1, 1, 1], "colorOrder": "BGR"})
    np.testing.assert_array_equal(bgr, rgb[::-1])


def test_shorter_side_center_crop_keeps_the_middle():
    manifest = MANIFEST | {"inputWidth": 2, "inputHeight": 2, "resize": "shorter-side-center-crop",
                           "resizeShorterSide": 2, "mean": [0, 0, 0], "std": [1, 1, 1]}

    def with_white_third(left):
        img = Image.new("RGB", (30, 10), (0, 0, 0))
        img.paste((255, 255, 255), (left, 0, left + 10, 10))
        return preprocess(img, manifest)

    assert with_white_third(10).shape == (3, 2, 2)
    assert with_white_third(10).min() > 0.8  # the white middle is what is left (edges softened by resampling)
    assert with_white_third(0).max() < 0.2  # a white side is cut away


def test_transparent_pixels_lie_over_white():
    img = Image.new("RGBA", (1, 1), (0, 0, 0, 64))
    assert to_rgb(img).getpixel((0, 0)) == (191, 191, 191)  # round(255 * (1 - 64/255))


def test_an_unknown_resize_is_refused():
    with pytest.raises(ValueError, match="letterbox"):
        preprocess(Image.new("RGB", (4, 4)), MANIFEST | {"resize": "letterbox"})
