"""Every third-party module a Python file of the project imports is declared in a requirements file, so a
new machine installs it before anything runs (a machine that has it from earlier work would hide the gap)."""
import ast
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SKIPPED = {"node_modules", "target", ".venv", ".git", "__pycache__"}
# Modules whose pip package has another name.
PACKAGE_OF = {"PIL": "pillow", "cv2": "opencv-python", "yaml": "pyyaml", "sklearn": "scikit-learn"}
# Optional backends the export tool imports only when asked for them, and which do not import on the
# machines this is built on (they need a CUDA build of torch); the tool says so when they are missing.
OPTIONAL = {"open_clip", "timm"}


def python_files():
    return [p for p in ROOT.rglob("*.py") if not SKIPPED & set(p.relative_to(ROOT).parts)]


def imported_modules(path):
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def declared_packages():
    packages = set()
    for requirements in ROOT.rglob("requirements*.txt"):
        if SKIPPED & set(requirements.relative_to(ROOT).parts):
            continue
        for line in requirements.read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-"):
                packages.add(normalise(re.split(r"[\[<>=~!; ]", line)[0]))
    return packages


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_third_party_import_is_declared():
    files = python_files()
    local = {p.stem for p in files} | {p.parent.name for p in files}
    declared = declared_packages()
    undeclared = {}
    for path in files:
        for module in imported_modules(path) - set(sys.stdlib_module_names) - local - OPTIONAL:
            if normalise(PACKAGE_OF.get(module, module)) not in declared:
                undeclared.setdefault(module, []).append(str(path.relative_to(ROOT)))
    assert not undeclared, f"imported but declared in no requirements file: {undeclared}"


def test_the_scan_sees_the_imports_it_must_see():
    # Guards the test above against passing because it found nothing.
    modules = set().union(*(imported_modules(p) for p in python_files()))
    assert {"torch", "PIL", "onnxruntime", "numpy", "moto"} <= modules
