"""Kills the mutants of spotchecks/sampling.py that the behaviour tests let live (tests/README.md).

The draw is a pure function: same population (in any order), parameters and seed, same sample;
units are drawn with probability proportional to their weight; a unit of weight 0 only when
nothing else is left."""

import random

import pytest

from spotchecks.sampling import draw, sample_size

POPULATION = {
    "411322100": [[f"4113221000{v:02d}", 1] for v in range(1, 13)],
    "411322101": [[f"4113221010{v:02d}", 1] for v in range(1, 8)],
}


def shuffled(population, seed):
    rng = random.Random(seed)
    result = {}
    for stratum in rng.sample(sorted(population), len(population)):
        members = [list(m) for m in population[stratum]]
        rng.shuffle(members)
        result[stratum] = members
    return result


def test_the_sample_does_not_depend_on_the_order_of_the_population():
    expected = draw(POPULATION, seed=20260801, size_per_stratum=4)
    for order in range(5):
        assert draw(shuffled(POPULATION, order), seed=20260801, size_per_stratum=4) == expected
    assert [len(ids) for ids in expected.values()] == [4, 4] and list(expected) == sorted(POPULATION)
    assert all(ids == sorted(ids) for ids in expected.values())


def test_another_seed_gives_another_sample_and_each_stratum_has_its_own_stream():
    first = draw(POPULATION, seed=1, size_per_stratum=3)
    assert draw(POPULATION, seed=2, size_per_stratum=3) != first
    alone = draw({"411322100": POPULATION["411322100"]}, seed=1, size_per_stratum=3)
    assert alone["411322100"] == first["411322100"]  # the other stratum does not shift this one


def test_a_stratum_smaller_than_the_size_is_taken_whole():
    small = {"s": [["a", 1], ["b", 2], ["c", 0]]}
    assert draw(small, seed=5, size_per_stratum=10) == {"s": ["a", "b", "c"]}
    assert draw(small, seed=5, size_per_stratum=0) == {"s": []}


def test_units_are_drawn_in_proportion_to_their_weight():
    heavy_chosen = sum(draw({"s": [["light", 1], ["heavy", 3]]}, seed=seed, size_per_stratum=1)["s"] == ["heavy"]
                       for seed in range(4000))
    assert 0.72 <= heavy_chosen / 4000 <= 0.78  # 3 / (1 + 3); about seven standard deviations wide


def test_a_unit_of_weight_zero_is_drawn_only_when_nothing_else_is_left():
    population = {"s": [["zero", 0], ["one", 1], ["two", 1]]}
    for seed in range(300):
        assert "zero" not in draw(population, seed=seed, size_per_stratum=2)["s"]
    assert draw(population, seed=3, size_per_stratum=3)["s"] == ["one", "two", "zero"]


def test_the_size_can_come_from_confidence_and_margin():
    population = {"s": [[f"v{i:04d}", 1] for i in range(1000)]}
    chosen = draw(population, seed=9, confidence=0.95, margin=0.05)
    assert len(chosen["s"]) == 278 and len(set(chosen["s"])) == 278


@pytest.mark.parametrize("population, expected", [(0, 0), (-3, 0), (1, 1), (2, 2), (21, 20), (29, 28), (100, 80), (1000, 278)])
def test_cochran_size_with_the_finite_population_correction(population, expected):
    assert sample_size(population, confidence=0.95, margin=0.05) == expected


def test_cochran_size_follows_confidence_margin_and_proportion():
    assert sample_size(100000, confidence=0.99, margin=0.05) == 660  # z = 2.5758: 663.5 corrected to 659.1
    assert sample_size(100000, confidence=0.95, margin=0.03) == 1056
    assert sample_size(100000, confidence=0.95, margin=0.05, proportion=0.1) == 139
