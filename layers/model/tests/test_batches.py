"""Batches for training: plain random draws stay as they were; mined batches put look-alikes together."""
import numpy as np
import pytest

from shoplens_model.training.batches import NEIGHBOURS, BatchSampler


def clustered_embeddings(clusters: int, per: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors in tight clusters far apart: the nearest neighbours of a point are its cluster's."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, 32))
    points = np.repeat(centres, per, axis=0) + 0.05 * rng.normal(size=(clusters * per, 32))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32), np.repeat(np.arange(clusters), per)


def same_cluster_pairs(batch: np.ndarray, labels: np.ndarray) -> int:
    groups = labels[batch]
    return int(sum((groups == g).sum() - 1 for g in groups) // 2)


def test_without_mining_the_sampler_draws_what_the_plain_recipe_drew():
    plain = np.random.default_rng(3).choice(500, size=64, replace=False)
    sampler = BatchSampler(500, 64, np.random.default_rng(3))
    assert np.array_equal(sampler.next(), plain)


def test_the_nearest_neighbours_of_an_object_are_its_look_alikes_and_never_itself():
    emb, labels = clustered_embeddings(clusters=40, per=NEIGHBOURS + 1)
    sampler = BatchSampler(len(emb), 64, np.random.default_rng(0), share=0.5)
    sampler.refresh(emb, chunk=100)  # chunks smaller than the catalog give the same answer
    assert sampler.neighbours.shape == (len(emb), NEIGHBOURS)
    assert (sampler.neighbours != np.arange(len(emb))[:, None]).all()
    assert (labels[sampler.neighbours] == labels[:, None]).all()


def test_mined_batches_hold_many_more_look_alike_pairs_than_random_ones_and_no_object_twice():
    emb, labels = clustered_embeddings(clusters=300, per=NEIGHBOURS + 1)
    random_batches = BatchSampler(len(emb), 64, np.random.default_rng(1))
    mined = BatchSampler(len(emb), 64, np.random.default_rng(1), share=0.5, group=8)
    mined.refresh(emb)
    random_pairs = mined_pairs = 0
    for _ in range(50):
        a, b = random_batches.next(), mined.next()
        assert len(a) == len(b) == 64 and len(set(b.tolist())) == 64
        random_pairs += same_cluster_pairs(a, labels)
        mined_pairs += same_cluster_pairs(b, labels)
    # 4 groups of 8 look-alikes give at least 4 * 28 pairs a batch; random draws give about 6
    assert mined_pairs / 50 >= 100
    assert random_pairs / 50 < 15


def test_mined_batches_are_reproducible_from_the_seed():
    emb, _ = clustered_embeddings(clusters=50, per=10)
    runs = []
    for _ in range(2):
        sampler = BatchSampler(len(emb), 32, np.random.default_rng(11), share=0.5)
        sampler.refresh(emb)
        runs.append([sampler.next().tolist() for _ in range(5)])
    assert runs[0] == runs[1]


def test_a_share_outside_0_to_1_or_a_batch_larger_than_the_catalog_is_refused_in_words():
    with pytest.raises(ValueError, match="--hard-negatives"):
        BatchSampler(100, 16, np.random.default_rng(0), share=1.5)
    with pytest.raises(ValueError, match="at least that many objects"):
        BatchSampler(10, 16, np.random.default_rng(0))
    sampler = BatchSampler(100, 16, np.random.default_rng(0), share=0.5)
    with pytest.raises(ValueError, match="one embedding per object"):
        sampler.refresh(np.zeros((99, 8), dtype=np.float32))
