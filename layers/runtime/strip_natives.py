"""Keeps one architecture's native libraries in the ONNX Runtime and OpenCV jars (and drops debug symbols),
then prints the layer's size against Lambda's 250 MB unzipped limit. Usage: strip_natives.py LIB_DIR ARCH"""
import glob
import os
import sys
import zipfile

LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024


# Where each jar keeps its native libraries, and the folder name it gives each architecture.
NATIVE_FOLDERS = {
    "onnxruntime-": ("ai/onnxruntime/native/", {"linux-aarch64": "linux-aarch64", "linux-x64": "linux-x64"}),
    "opencv-": ("nu/pattern/opencv/", {"linux-aarch64": "linux/ARMv8", "linux-x64": "linux/x86_64"}),
}


def strip(jar, root, keep):
    """Drops the other architectures' libraries; a jar that carries natives must keep one for this one."""
    kept = jar + ".tmp"
    carries_natives = kept_natives = False
    with zipfile.ZipFile(jar) as src, zipfile.ZipFile(kept, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            name = item.filename
            native = name.startswith(root) and not name.endswith("/") and "/" in name[len(root):]
            carries_natives |= native
            if native and (not name.startswith(root + keep + "/") or name.endswith(".pdb") or ".dSYM/" in name):
                continue
            kept_natives |= native
            dst.writestr(item, src.read(name))
    os.replace(kept, jar)
    if carries_natives and not kept_natives:
        sys.exit(f"{os.path.basename(jar)} has no native library under {root}{keep}/")


def main(lib_dir, arch):
    for prefix, (root, folders) in NATIVE_FOLDERS.items():
        for jar in glob.glob(os.path.join(lib_dir, prefix + "*.jar")):
            strip(jar, root, folders[arch])
    unzipped = 0
    for jar in glob.glob(os.path.join(lib_dir, "*.jar")):
        with zipfile.ZipFile(jar) as z:
            unzipped += sum(i.file_size for i in z.infolist())
    on_disk = sum(os.path.getsize(p) for p in glob.glob(os.path.join(lib_dir, "*.jar")))
    print(f"runtime layer ({arch}): {on_disk / 1e6:.1f} MB of jars, {unzipped / 1e6:.1f} MB if every jar were "
          f"unzipped; Lambda counts the jars as stored: {100 * on_disk / LAMBDA_UNZIPPED_LIMIT:.1f}% of its 250 MB limit")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
