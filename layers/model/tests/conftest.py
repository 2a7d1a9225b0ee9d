import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture
def tiny_model_dir():
    """The tiny random-weight ONNX model the Java tests use too."""
    return str(ROOT / "functions/core/src/test/resources/models/tiny")
