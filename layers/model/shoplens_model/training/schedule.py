"""What the training scripts share about time: seeding every generator, and a learning rate that warms up
for 200 steps and then follows a cosine over the time budget (a run is budgeted in minutes, not steps, so
it ends on time on a shared machine)."""
import math
import os
import random

import numpy as np
import torch

WARMUP_STEPS = 200


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))


def learning_rate(peak: float, step: int, elapsed: float, budget: float) -> float:
    """`peak` after warm-up, falling to 0 as `elapsed` reaches `budget` (both in seconds)."""
    return peak * min(1.0, (step + 1) / WARMUP_STEPS) * 0.5 * (1 + math.cos(math.pi * min(1.0, elapsed / budget)))
