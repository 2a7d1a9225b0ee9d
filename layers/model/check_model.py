"""Checks a model directory before it becomes a layer: the manifest names its weights and their SHA-256
matches. Prints the layer's size against Lambda's limit. Usage: python3 check_model.py DIR
(with layers/model on PYTHONPATH, as the Makefile sets it)."""
import os
import sys

from shoplens_model.manifest import ManifestError, checked_weights, read_manifest, version_tag

LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024


def main(model_dir):
    try:
        manifest = read_manifest(model_dir)
        checked_weights(model_dir, manifest)
    except ManifestError as e:
        sys.exit(str(e))
    size = sum(os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(model_dir) for name in names)
    print(f"model layer: {version_tag(manifest)} ({manifest.get('kind', 'image-embedder')}), {size / 1e6:.1f} MB unzipped "
          f"({100 * size / LAMBDA_UNZIPPED_LIMIT:.1f}% of Lambda's 250 MB limit for all layers and code)")


if __name__ == "__main__":
    main(sys.argv[1])
