"""What the training scripts share about time: seeding every generator, a budget in steps or minutes, and
a learning rate that warms up for 200 steps and then follows a cosine over the budget.

A budget in steps gives the same run on any machine (the figures of two recipes compare); a budget in
minutes ends on time on a shared machine, but how many steps it buys depends on the machine's load."""
import math
import os
import random
import time

import numpy as np
import torch

WARMUP_STEPS = 200


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))


class Budget:
    """How long a run trains: `steps` when given, else `minutes` of wall-clock time."""

    def __init__(self, minutes: float, steps: int | None = None):
        if steps is not None and steps < 1:
            raise ValueError(f"--steps must be at least 1, got {steps}")
        if steps is None and minutes <= 0:
            raise ValueError(f"--minutes must be above 0, got {minutes}")
        self.minutes, self.steps = minutes, steps
        self.started = time.time()

    def elapsed_minutes(self) -> float:
        return (time.time() - self.started) / 60

    def progress(self, step: int) -> float:
        """The share of the budget spent before `step`, from 0 to 1."""
        if self.steps is not None:
            return min(1.0, step / self.steps)
        return min(1.0, self.elapsed_minutes() / self.minutes)

    def spent(self, step: int) -> bool:
        return self.progress(step) >= 1.0


def learning_rate(peak: float, step: int, progress: float) -> float:
    """`peak` after warm-up, falling to 0 as `progress` (the share of the budget spent) reaches 1."""
    return peak * min(1.0, (step + 1) / WARMUP_STEPS) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))
