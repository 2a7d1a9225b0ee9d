"""The training budget: a run budgeted in steps trains exactly those steps and its learning rate follows them."""
import pytest

from shoplens_model.training.schedule import WARMUP_STEPS, Budget, learning_rate


def test_a_budget_in_steps_ends_after_those_steps_whatever_the_clock():
    budget = Budget(minutes=0.0001, steps=300)  # minutes are ignored when steps are given
    assert [budget.spent(s) for s in (0, 299, 300)] == [False, False, True]
    assert budget.progress(150) == pytest.approx(0.5)


def test_the_learning_rate_warms_up_peaks_and_falls_to_zero_at_the_end_of_the_budget():
    budget = Budget(minutes=45, steps=1000)
    rates = [learning_rate(2e-3, s, budget.progress(s)) for s in range(1000)]
    assert rates[0] == pytest.approx(2e-3 / WARMUP_STEPS, rel=0.01)
    assert max(rates) == rates[WARMUP_STEPS - 1]
    assert rates[-1] < 1e-6
    assert all(a >= b for a, b in zip(rates[WARMUP_STEPS:], rates[WARMUP_STEPS + 1:]))


def test_a_budget_of_no_steps_or_no_minutes_is_refused_by_name():
    with pytest.raises(ValueError, match="--steps"):
        Budget(minutes=45, steps=0)
    with pytest.raises(ValueError, match="--minutes"):
        Budget(minutes=0)
