"""The built-in embedding network: a small residual CNN in plain torch (torchvision is not importable here)."""
import torch
from torch import nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x))


class GeM(nn.Module):
    """Generalised-mean pooling: between average (p=1) and max pooling, learnt; standard for retrieval."""
    def __init__(self, p: float = 3.0):
        super().__init__()
        self.p = nn.Parameter(torch.tensor(p))

    def forward(self, x):
        return x.clamp(min=1e-6).pow(self.p).mean(dim=(2, 3)).pow(1.0 / self.p)


class EmbeddingNet(nn.Module):
    def __init__(self, dim: int = 256, widths=(32, 48, 96, 192, 256), blocks=(1, 2, 2, 1)):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, 2, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU())
        layers, cin = [], widths[0]
        for cout, n in zip(widths[1:], blocks):
            for i in range(n):
                layers.append(BasicBlock(cin, cout, 2 if i == 0 else 1))
                cin = cout
        self.body = nn.Sequential(*layers)
        self.pool = GeM()
        self.head = nn.Linear(cin, dim)

    def forward(self, x):
        return self.head(self.pool(self.body(self.stem(x))))


class DetectorNet(nn.Module):
    """The object finder: a small residual CNN with a CenterNet head at 1/8 of the input. Each cell says
    how likely an object's centre lies in it (heatmap), where in the cell (offset) and how big the object is
    (width and height as fractions of the photo). The exported graph also picks the `top` best peaks, so a
    caller reads a fixed list of scored boxes and needs no decoding of its own."""

    def __init__(self, widths=(24, 32, 64, 96, 128), top: int = 16):
        super().__init__()
        self.top = top
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, 2, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU())
        self.s4 = BasicBlock(widths[0], widths[1], 2)
        self.s8 = nn.Sequential(BasicBlock(widths[1], widths[2], 2), BasicBlock(widths[2], widths[2], 1))
        self.s16 = nn.Sequential(BasicBlock(widths[2], widths[3], 2), BasicBlock(widths[3], widths[3], 1))
        self.s32 = BasicBlock(widths[3], widths[4], 2)
        self.lat16 = nn.Conv2d(widths[4], widths[3], 1)
        self.lat8 = nn.Conv2d(widths[3], widths[2], 1)
        self.neck = nn.Sequential(nn.Conv2d(widths[2], widths[2], 3, 1, 1, bias=False), nn.BatchNorm2d(widths[2]),
                                  nn.ReLU())
        self.heat = nn.Conv2d(widths[2], 1, 1)
        self.geometry = nn.Conv2d(widths[2], 4, 1)  # offset x, y in the cell; width, height of the photo
        nn.init.constant_(self.heat.bias, -2.19)  # a prior of 0.1 per cell, as CenterNet starts

    def features(self, x):
        c8 = self.s8(self.s4(self.stem(x)))
        c16 = self.s16(c8)
        c32 = self.s32(c16)
        p16 = c16 + F.interpolate(self.lat16(c32), size=c16.shape[2:], mode="nearest")
        p8 = c8 + F.interpolate(self.lat8(p16), size=c8.shape[2:], mode="nearest")
        return self.neck(p8)

    def forward(self, x):
        """Training output: heatmap logits (N, 1, H, W) and geometry (N, 4, H, W)."""
        f = self.features(x)
        return self.heat(f), self.geometry(f)

    def detect(self, x):
        """Inference output: scores (N, top) and boxes (N, top, 4) as normalised left, top, right, bottom."""
        logits, geometry = self.forward(x)
        heat = torch.sigmoid(logits)
        peaks = heat * (F.max_pool2d(heat, 3, 1, 1) == heat).float()
        n, _, h, w = heat.shape
        scores, cells = peaks.view(n, h * w).topk(self.top, dim=1)
        g = geometry.view(n, 4, h * w).gather(2, cells.unsqueeze(1).expand(n, 4, self.top))
        cx = ((cells % w).float() + torch.sigmoid(g[:, 0])) / w
        cy = (torch.div(cells, w, rounding_mode="floor").float() + torch.sigmoid(g[:, 1])) / h
        bw, bh = torch.sigmoid(g[:, 2]), torch.sigmoid(g[:, 3])
        boxes = torch.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], dim=2).clamp(0, 1)
        return scores, boxes


class DetectorExport(nn.Module):
    """The graph that is exported: the detector's inference output only."""

    def __init__(self, detector: DetectorNet):
        super().__init__()
        self.detector = detector

    def forward(self, x):
        return self.detector.detect(x)
