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
