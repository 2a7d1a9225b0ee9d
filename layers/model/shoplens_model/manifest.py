"""A model directory: manifest.json naming the weights, their SHA-256 and the preprocessing."""
import hashlib
import json
import os

REQUIRED_FIELDS = ("name", "version", "weights", "sha256", "outputDimension")
# an object finder's manifest ("kind": "object-finder") gives boxes, not an embedding
OBJECT_FINDER_FIELDS = ("name", "version", "weights", "sha256", "scoresName", "boxesName", "maxObjects")


class ManifestError(Exception):
    """A model directory that cannot be used; the message names the file and the field."""


def read_manifest(model_dir: str) -> dict:
    """The manifest of a model directory, with its required fields checked."""
    path = os.path.join(model_dir, "manifest.json")
    try:
        with open(path) as f:
            manifest = json.load(f)
    except FileNotFoundError:
        raise ManifestError(f"{model_dir} has no manifest.json") from None
    except json.JSONDecodeError as e:
        raise ManifestError(f"{path} is not JSON: {e}") from None
    required = OBJECT_FINDER_FIELDS if manifest.get("kind") == "object-finder" else REQUIRED_FIELDS
    for field in required:
        if field not in manifest:
            raise ManifestError(f"{path}: field '{field}' is missing")
    return manifest


def sha256_of(path: str, chunk_size: int = 1 << 20) -> str:
    """The file's SHA-256, read in chunks so a large model never sits in memory twice."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            digest.update(chunk)
    return digest.hexdigest()


def checked_weights(model_dir: str, manifest: dict) -> str:
    """The path of the weights the manifest names, after checking they exist and match its SHA-256."""
    weights = os.path.join(model_dir, manifest["weights"])
    if not os.path.isfile(weights):
        raise ManifestError(f"{weights} named by manifest field 'weights' does not exist")
    digest = sha256_of(weights)
    if digest != manifest["sha256"]:
        raise ManifestError(f"{weights} has SHA-256 {digest} but the manifest says {manifest['sha256']}")
    return weights


def version_tag(manifest: dict) -> str:
    """name@version, the label stored beside each vector."""
    return f"{manifest['name']}@{manifest['version']}"
