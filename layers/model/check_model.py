"""Checks a model directory before it becomes a layer: the manifest names its weights and their SHA-256
matches. Prints the layer's size against Lambda's limit. Usage: python3 check_model.py DIR"""
import hashlib
import json
import os
import sys

LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024


def main(model_dir):
    with open(os.path.join(model_dir, "manifest.json")) as f:
        manifest = json.load(f)
    for field in ("name", "version", "weights", "sha256", "outputDimension"):
        if field not in manifest:
            sys.exit(f"{model_dir}/manifest.json: field '{field}' is missing")
    weights = os.path.join(model_dir, manifest["weights"])
    if not os.path.isfile(weights):
        sys.exit(f"{weights} named by manifest field 'weights' does not exist")
    digest = hashlib.sha256()
    with open(weights, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != manifest["sha256"]:
        sys.exit(f"{weights} has SHA-256 {digest.hexdigest()} but the manifest says {manifest['sha256']}")
    size = sum(os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(model_dir) for name in names)
    print(f"model layer: {manifest['name']}@{manifest['version']}, {size / 1e6:.1f} MB unzipped "
          f"({100 * size / LAMBDA_UNZIPPED_LIMIT:.1f}% of Lambda's 250 MB limit for all layers and code)")


if __name__ == "__main__":
    main(sys.argv[1])
