"""A training run that can stop and go on: the rendered images and the state every few steps, in one folder.

A 3,200-step run at 160 px takes about two hours on 2 cores, longer than a shared machine may stay up. With a
checkpoint folder the run draws its images once, saves what it needs to continue (weights, optimiser, the
batch sampler's random generator and look-alikes, the step) every few steps, and a later start with the same
recipe goes on from the last save, drawing the same batches it would have drawn. A folder made with another
recipe is refused, so two runs never mix. One exception, asked for with `extend`: a finished run may go on to
more steps (its recipe's `steps` grows, and `extended_from` lists the lengths it had before).
"""
from __future__ import annotations

import json
import os

import numpy as np
import torch

# Options that do not change what is trained (where files lie, how fast, the label): a run may go on with
# other values of these.
RUN_ONLY = ("out", "checkpoint", "checkpoint_every", "processes", "minutes", "version", "cache", "fluent_dir",
            "extend", "extended_from")
VIEWS = ("train_cat", "train_qry", "val_cat", "val_qry")


class Checkpoint:
    def __init__(self, folder: str, recipe: dict, extend: bool = False):
        self.folder = folder
        self.recipe = {k: v for k, v in sorted(recipe.items()) if k not in RUN_ONLY}
        os.makedirs(folder, exist_ok=True)
        recipe_path = os.path.join(folder, "recipe.json")
        if os.path.exists(recipe_path):
            with open(recipe_path) as f:
                stored = json.load(f)
            saved = {k: v for k, v in stored.items() if k not in RUN_ONLY}
            if extend and saved != self.recipe:
                self._extend(stored, saved, recipe_path)
            elif saved != self.recipe:
                changed = self._differences(saved)
                raise ValueError(f"the checkpoint in {folder} was made with another recipe (differs in: "
                                 f"{', '.join(changed)}); give a new --checkpoint folder or the same options")
        else:
            with open(recipe_path, "w") as f:
                json.dump(self.recipe, f, indent=2)

    def _extend(self, stored: dict, saved: dict, recipe_path: str) -> None:
        """Lets a finished run go on to more steps: the only option that may change is `steps`, upwards."""
        changed = self._differences(saved)
        if changed != ["steps"]:
            raise ValueError(f"--extend lets only --steps grow, but the checkpoint in {self.folder} differs in: "
                             f"{', '.join(changed)}")
        before, after = saved["steps"], self.recipe["steps"]
        if after <= before:
            raise ValueError(f"--extend needs more --steps than the checkpoint's run had ({before}), got {after}")
        done = self.saved_step()
        if done != before:
            raise ValueError(f"--extend goes on from a finished run, but the checkpoint in {self.folder} stopped "
                             f"at step {done} of {before}: finish it first with --steps {before}")
        stored = {**stored, "steps": after, "extended_from": stored.get("extended_from", []) + [before]}
        _atomic(recipe_path, lambda f: f.write(json.dumps(stored, indent=2).encode()))

    def _differences(self, saved: dict) -> list[str]:
        return sorted(k for k in saved.keys() | self.recipe.keys() if saved.get(k) != self.recipe.get(k))

    def saved_step(self) -> int:
        path = self._path("state.pt")
        return torch.load(path, weights_only=False)["step"] if os.path.exists(path) else 0

    def _path(self, name: str) -> str:
        return os.path.join(self.folder, name)

    def has_views(self) -> bool:
        return all(os.path.exists(self._path(v + ".npy")) for v in VIEWS)

    def save_views(self, views: dict[str, np.ndarray]) -> None:
        for name in VIEWS:
            _atomic(self._path(name + ".npy"), lambda f, a=views[name]: np.save(f, a))

    def load_views(self) -> dict[str, np.ndarray]:
        return {name: np.load(self._path(name + ".npy")) for name in VIEWS}

    def save_state(self, step: int, model, optimiser, log_temp, gen: np.random.Generator,
                   neighbours: np.ndarray | None) -> None:
        state = {"step": step, "model": model.state_dict(), "optimiser": optimiser.state_dict(),
                 "log_temp": log_temp.detach().clone(), "gen": gen.bit_generator.state,
                 "neighbours": neighbours, "torch_rng": torch.get_rng_state()}
        _atomic(self._path("state.pt"), lambda f: torch.save(state, f))

    def load_state(self, model, optimiser, log_temp, gen: np.random.Generator) -> tuple[int, np.ndarray | None]:
        """Restores the last save into the given objects; returns its step (0 when none) and look-alikes."""
        path = self._path("state.pt")
        if not os.path.exists(path):
            return 0, None
        state = torch.load(path, weights_only=False)
        model.load_state_dict(state["model"])
        optimiser.load_state_dict(state["optimiser"])
        with torch.no_grad():
            log_temp.copy_(state["log_temp"])
        gen.bit_generator.state = state["gen"]
        torch.set_rng_state(state["torch_rng"])
        return state["step"], state["neighbours"]


def _atomic(path: str, write) -> None:
    """Writes through a temporary file, so a run killed mid-save leaves the previous save whole."""
    tmp = path + ".partial"
    with open(tmp, "wb") as f:
        write(f)
    os.replace(tmp, path)
