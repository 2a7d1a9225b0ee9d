import hashlib
import json
import shutil

import pytest

from shoplens_model.manifest import ManifestError, checked_weights, read_manifest, sha256_of, version_tag


def copy_of(model_dir, tmp_path):
    target = tmp_path / "model"
    shutil.copytree(model_dir, target)
    return target


def test_reads_a_model_directory_and_checks_its_weights(tiny_model_dir):
    manifest = read_manifest(tiny_model_dir)
    assert version_tag(manifest) == "tiny-test@1"
    assert checked_weights(tiny_model_dir, manifest).endswith("model.onnx")


def test_the_streamed_hash_is_the_files_sha256(tmp_path):
    data = bytes(range(256)) * 5000  # more than one chunk
    path = tmp_path / "weights.bin"
    path.write_bytes(data)
    assert sha256_of(str(path), chunk_size=4096) == hashlib.sha256(data).hexdigest()


def test_changed_weights_are_refused_naming_both_hashes(tiny_model_dir, tmp_path):
    model = copy_of(tiny_model_dir, tmp_path)
    with open(model / "model.onnx", "ab") as f:
        f.write(b"\0")
    with pytest.raises(ManifestError, match="has SHA-256 .* but the manifest says c383e989"):
        checked_weights(str(model), read_manifest(str(model)))


def test_a_missing_field_file_or_weights_is_named(tiny_model_dir, tmp_path):
    model = copy_of(tiny_model_dir, tmp_path)
    manifest = json.loads((model / "manifest.json").read_text())
    del manifest["sha256"]
    (model / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ManifestError, match="field 'sha256' is missing"):
        read_manifest(str(model))
    with pytest.raises(ManifestError, match="has no manifest.json"):
        read_manifest(str(tmp_path))
    (model / "manifest.json").write_text("{not json")
    with pytest.raises(ManifestError, match="is not JSON"):
        read_manifest(str(model))
    with pytest.raises(ManifestError, match="does not exist"):
        checked_weights(str(model), {"weights": "gone.onnx", "sha256": "0"})


def test_the_built_in_object_finder_is_read_by_its_own_fields(tmp_path):
    import os
    finder = os.path.join(os.path.dirname(__file__), "..", "detector")
    manifest = read_manifest(finder)
    assert manifest["kind"] == "object-finder" and "outputDimension" not in manifest
    assert checked_weights(finder, manifest).endswith("model.onnx")
    model = copy_of(finder, tmp_path)
    broken = json.loads((model / "manifest.json").read_text())
    del broken["maxObjects"]
    (model / "manifest.json").write_text(json.dumps(broken))
    with pytest.raises(ManifestError, match="'maxObjects' is missing"):
        read_manifest(str(model))
