"""Makes the test fixtures that Java cannot write itself (WebP, CMYK JPEG, EXIF-rotated JPEG) and a tiny
ONNX model with random weights for the embedder tests. Seeded; run from this folder:  python3 make_fixtures.py"""
import hashlib
import json

import torch
from PIL import Image

# Upright picture: 40 wide, 60 tall; red top third, blue below.
upright = Image.new("RGB", (40, 60), (0, 0, 255))
upright.paste((255, 0, 0), (0, 0, 40, 20))

upright.save("fixtures/upright.webp", lossless=True)
upright.convert("CMYK").save("fixtures/cmyk.jpg", quality=95)
exif = Image.Exif()
exif[0x0112] = 6  # the camera held sideways: rotate 90 degrees clockwise to show upright
upright.rotate(90, expand=True).save("fixtures/exif-rotate-90.jpg", quality=95, exif=exif.tobytes())
# An animated GIF: the first frame is green, the second magenta.
frames = [Image.new("RGB", (20, 20), (0, 255, 0)), Image.new("RGB", (20, 20), (255, 0, 255))]
frames[0].save("fixtures/two-frames.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.fc = torch.nn.Linear(8 * 4, 16)

    def forward(self, x):
        y = torch.relu(self.conv(x))
        y = torch.nn.functional.adaptive_avg_pool2d(y, 2).flatten(1)
        return self.fc(y)


torch.manual_seed(1)
model = Tiny().eval()
torch.onnx.export(model, torch.randn(2, 3, 32, 32), "models/tiny/model.onnx", input_names=["image"],
                  output_names=["embedding"], dynamic_axes={"image": {0: "batch"}, "embedding": {0: "batch"}},
                  opset_version=17, dynamo=False)
with open("models/tiny/model.onnx", "rb") as f:
    sha = hashlib.sha256(f.read()).hexdigest()
manifest = {
    "name": "tiny-test", "version": "1", "format": "onnx", "weights": "model.onnx", "sha256": sha,
    "inputWidth": 32, "inputHeight": 32, "resize": "squash", "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25],
    "colorOrder": "RGB", "pixelScale": 1.0 / 255.0, "outputDimension": 16, "normalization": "l2",
    "inputName": "image", "outputName": "embedding",
}
with open("models/tiny/manifest.json", "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
# The same weights as TorchScript, for DJL's PyTorch engine (the optional `torchscript` Maven profile).
import os
os.makedirs("models/tiny-torchscript", exist_ok=True)
torch.jit.trace(model, torch.randn(1, 3, 32, 32)).save("models/tiny-torchscript/model.pt")
with open("models/tiny-torchscript/model.pt", "rb") as f:
    ts_manifest = dict(manifest, format="torchscript", weights="model.pt", sha256=hashlib.sha256(f.read()).hexdigest())
ts_manifest.pop("inputName")
ts_manifest.pop("outputName")
with open("models/tiny-torchscript/manifest.json", "w") as f:
    json.dump(ts_manifest, f, indent=2)
    f.write("\n")

# A reference embedding of a 32x32 picture (no resizing needed), to check that the Java side computes the
# same input tensor and runs the same graph.
pattern = Image.new("RGB", (32, 32))
pattern.putdata([((x * 8) % 256, (y * 8) % 256, ((x + y) * 4) % 256) for y in range(32) for x in range(32)])
pattern.save("models/tiny/reference.png")
t = torch.tensor(list(pattern.getdata()), dtype=torch.float32).reshape(32, 32, 3).permute(2, 0, 1)[None]
t = (t / 255.0 - 0.5) / 0.25
out = torch.nn.functional.normalize(model(t), dim=1)[0]
with open("models/tiny/reference.json", "w") as f:
    json.dump({"image": "reference.png", "embedding": out.tolist()}, f)

# A model wider than Lucene's own 1,024-dimension limit (as ResNet-50's 2,048 are): the stores must take it.
class Wide(Tiny):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(8 * 4, 2048)


torch.manual_seed(2)
wide = Wide().eval()
os.makedirs("models/wide", exist_ok=True)
torch.onnx.export(wide, torch.randn(2, 3, 32, 32), "models/wide/model.onnx", input_names=["image"],
                  output_names=["embedding"], dynamic_axes={"image": {0: "batch"}, "embedding": {0: "batch"}},
                  opset_version=17, dynamo=False)
with open("models/wide/model.onnx", "rb") as f:
    wide_manifest = dict(manifest, name="wide-test", outputDimension=2048, sha256=hashlib.sha256(f.read()).hexdigest())
with open("models/wide/manifest.json", "w") as f:
    json.dump(wide_manifest, f, indent=2)
    f.write("\n")
