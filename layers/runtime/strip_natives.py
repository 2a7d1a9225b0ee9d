"""Keeps one architecture's native libraries in the ONNX Runtime jar (and drops its debug symbols), then
prints the layer's size against Lambda's 250 MB unzipped limit. Usage: strip_natives.py LIB_DIR ARCH"""
import glob
import os
import sys
import zipfile

LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024


def strip(jar, arch):
    kept = jar + ".tmp"
    with zipfile.ZipFile(jar) as src, zipfile.ZipFile(kept, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            name = item.filename
            native = name.startswith("ai/onnxruntime/native/")
            if native and (f"/native/{arch}/" not in name or name.endswith(".pdb") or ".dSYM/" in name):
                continue
            dst.writestr(item, src.read(name))
    os.replace(kept, jar)


def main(lib_dir, arch):
    for jar in glob.glob(os.path.join(lib_dir, "onnxruntime-*.jar")):
        strip(jar, arch)
    unzipped = 0
    for jar in glob.glob(os.path.join(lib_dir, "*.jar")):
        with zipfile.ZipFile(jar) as z:
            unzipped += sum(i.file_size for i in z.infolist())
    on_disk = sum(os.path.getsize(p) for p in glob.glob(os.path.join(lib_dir, "*.jar")))
    print(f"runtime layer ({arch}): {on_disk / 1e6:.1f} MB of jars, {unzipped / 1e6:.1f} MB if every jar were "
          f"unzipped; Lambda counts the jars as stored: {100 * on_disk / LAMBDA_UNZIPPED_LIMIT:.1f}% of its 250 MB limit")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
