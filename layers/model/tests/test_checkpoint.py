"""A run that stops and goes on from its checkpoint trains exactly what an unbroken run trains; a finished run
goes on to more steps only when asked."""
import json
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from shoplens_model.training.batches import BatchSampler
from shoplens_model.training.checkpoint import Checkpoint

RECIPE = {"seed": 7, "size": 8, "steps": 6, "out": "/tmp/a", "processes": 2}
DATA = np.random.default_rng(0).normal(size=(40, 8)).astype(np.float32)


def fresh_run():
    torch.manual_seed(0)
    model = torch.nn.Linear(8, 4)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    log_temp = torch.nn.Parameter(torch.tensor(-2.0))
    opt.add_param_group({"params": [log_temp], "weight_decay": 0.0})
    gen = np.random.default_rng(7)
    return model, opt, log_temp, gen, BatchSampler(40, 8, gen, share=0.5, group=4)


def train(model, opt, log_temp, gen, batches, steps):
    for _ in range(steps):
        idx = batches.next()
        z = F.normalize(model(torch.from_numpy(DATA[idx]) + float(gen.random())), dim=1)
        loss = -(z @ z.T / log_temp.exp()).logsumexp(dim=1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


def test_going_on_from_a_save_trains_the_same_weights_as_an_unbroken_run(tmp_path):
    model, opt, log_temp, gen, batches = fresh_run()
    batches.refresh(F.normalize(torch.from_numpy(DATA), dim=1).numpy())
    train(model, opt, log_temp, gen, batches, 6)
    unbroken = model.weight.detach().clone()

    model, opt, log_temp, gen, batches = fresh_run()
    batches.refresh(F.normalize(torch.from_numpy(DATA), dim=1).numpy())
    train(model, opt, log_temp, gen, batches, 3)
    Checkpoint(str(tmp_path), RECIPE).save_state(3, model, opt, log_temp, gen, batches.neighbours)

    model, opt, log_temp, gen, batches = fresh_run()  # a new process: nothing carried over but the folder
    step, batches.neighbours = Checkpoint(str(tmp_path), RECIPE).load_state(model, opt, log_temp, gen)
    assert step == 3
    train(model, opt, log_temp, gen, batches, 3)
    assert torch.equal(model.weight.detach(), unbroken)


def test_drawn_images_are_kept_and_read_back(tmp_path):
    checkpoint = Checkpoint(str(tmp_path), RECIPE)
    assert not checkpoint.has_views()
    views = {name: np.full((2, 3), i, np.uint8) for i, name in enumerate(("train_cat", "train_qry", "val_cat",
                                                                         "val_qry"))}
    checkpoint.save_views(views)
    back = Checkpoint(str(tmp_path), RECIPE).load_views()
    assert all(np.array_equal(back[k], v) for k, v in views.items())


def test_a_folder_with_no_save_starts_at_step_zero(tmp_path):
    model, opt, log_temp, gen, _ = fresh_run()
    assert Checkpoint(str(tmp_path), RECIPE).load_state(model, opt, log_temp, gen) == (0, None)


def test_a_folder_made_with_another_recipe_is_refused_by_the_options_that_differ(tmp_path):
    Checkpoint(str(tmp_path), RECIPE)
    # where it runs, and where its files lie, do not matter
    Checkpoint(str(tmp_path), {**RECIPE, "out": "/tmp/b", "processes": 16, "cache": "/elsewhere"})
    with pytest.raises(ValueError, match=r"differs in: seed, size"):
        Checkpoint(str(tmp_path), {**RECIPE, "seed": 8, "size": 9})


def finished_run(folder, steps):
    model, opt, log_temp, gen, batches = fresh_run()
    checkpoint = Checkpoint(folder, {**RECIPE, "steps": steps})
    checkpoint.save_state(steps, model, opt, log_temp, gen, batches.neighbours)


def test_a_finished_run_goes_on_to_more_steps_only_when_asked(tmp_path):
    finished_run(str(tmp_path), 6)
    with pytest.raises(ValueError, match=r"differs in: steps"):
        Checkpoint(str(tmp_path), {**RECIPE, "steps": 10})
    Checkpoint(str(tmp_path), {**RECIPE, "steps": 10}, extend=True)
    model, opt, log_temp, gen, _ = fresh_run()
    assert Checkpoint(str(tmp_path), {**RECIPE, "steps": 10}).load_state(model, opt, log_temp, gen)[0] == 6
    saved = json.loads((tmp_path / "recipe.json").read_text())
    assert saved["steps"] == 10 and saved["extended_from"] == [6]
    # the longer run, stopped half-way, goes on as any run does; the shorter length is no longer accepted
    with pytest.raises(ValueError, match=r"differs in: steps"):
        Checkpoint(str(tmp_path), {**RECIPE, "steps": 6})


def test_extending_refuses_a_changed_recipe_fewer_steps_or_an_unfinished_run(tmp_path):
    finished_run(str(tmp_path / "a"), 6)
    with pytest.raises(ValueError, match=r"only --steps grow.*differs in: seed, steps"):
        Checkpoint(str(tmp_path / "a"), {**RECIPE, "steps": 10, "seed": 8}, extend=True)
    with pytest.raises(ValueError, match=r"more --steps than the checkpoint's run had \(6\), got 4"):
        Checkpoint(str(tmp_path / "a"), {**RECIPE, "steps": 4}, extend=True)
    Checkpoint(str(tmp_path / "b"), {**RECIPE, "steps": 6})  # drew its images, never trained a step
    with pytest.raises(ValueError, match=r"stopped at step 0 of 6: finish it first with --steps 6"):
        Checkpoint(str(tmp_path / "b"), {**RECIPE, "steps": 10}, extend=True)
