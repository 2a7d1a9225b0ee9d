"""Which objects train together in one batch.

With in-batch negatives, a batch of objects drawn at random out of 20,000 rarely holds two that the model
confuses: most negatives are easy and teach little once the model has learned colour and outline. Mined
batches put look-alikes together (a seed object and some of its nearest neighbours under the current
model), so every step has to tell near-twins apart, as a shopper's query has to among a catalog's similar
products. The neighbours are re-found every few hundred steps as the model changes; the rest of each batch
stays random so the easy majority of the catalog is not forgotten.

Measured on 1.1.0's recipe (README, "Levers tried"): half-mined batches raised recall@1 in the styles trained
on and left the style-disjoint benchmark where it was, so the training script keeps them off by default.
"""
from __future__ import annotations

import numpy as np

NEIGHBOURS = 16  # look-alikes kept per object; a group draws its members from these


class BatchSampler:
    """Object indices for each step: all random (`share` 0) or with `share` of the batch in look-alike groups.

    `share` 0 draws exactly what the plain recipe draws from `gen`, so its runs stay reproducible as before.
    """

    def __init__(self, n_objects: int, pairs: int, gen: np.random.Generator, share: float = 0.0,
                 group: int = 8):
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"--hard-negatives must be a share of the batch between 0 and 1, got {share}")
        if pairs > n_objects:
            raise ValueError(f"a batch of {pairs} objects needs at least that many objects, got {n_objects}")
        if share > 0 and not 2 <= group <= NEIGHBOURS + 1:
            raise ValueError(f"a look-alike group holds 2 to {NEIGHBOURS + 1} objects, got {group}")
        self.n, self.pairs, self.gen, self.share, self.group = n_objects, pairs, gen, share, group
        self.neighbours: np.ndarray | None = None

    @property
    def mining(self) -> bool:
        return self.share > 0

    def refresh(self, embeddings: np.ndarray, chunk: int = 2048) -> None:
        """Finds each object's nearest neighbours among the unit-length `embeddings` (one row per object)."""
        if embeddings.shape[0] != self.n:
            raise ValueError(f"expected one embedding per object ({self.n}), got {embeddings.shape[0]}")
        k = min(NEIGHBOURS, self.n - 1)
        out = np.empty((self.n, k), dtype=np.int64)
        for start in range(0, self.n, chunk):
            sims = embeddings[start:start + chunk] @ embeddings.T
            rows = np.arange(sims.shape[0])
            sims[rows, start + rows] = -np.inf  # an object is not its own neighbour
            top = np.argpartition(-sims, k, axis=1)[:, :k]
            order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1)
            out[start:start + chunk] = np.take_along_axis(top, order, axis=1)
        self.neighbours = out

    def next(self) -> np.ndarray:
        if not self.mining or self.neighbours is None:
            return self.gen.choice(self.n, size=self.pairs, replace=False)
        chosen: list[int] = []
        taken = np.zeros(self.n, dtype=bool)

        def take(i: int) -> None:
            if not taken[i] and len(chosen) < self.pairs:
                taken[i] = True
                chosen.append(int(i))

        mined = int(round(self.pairs * self.share))
        while len(chosen) < mined:
            seed = int(self.gen.integers(self.n))
            take(seed)
            for i in self.gen.choice(self.neighbours[seed], size=min(self.group - 1, self.neighbours.shape[1]),
                                     replace=False):
                if len(chosen) >= mined:
                    break
                take(i)
        while len(chosen) < self.pairs:
            take(int(self.gen.integers(self.n)))
        return np.asarray(chosen, dtype=np.int64)
