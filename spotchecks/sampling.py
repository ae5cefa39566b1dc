"""The draw: a pure function of the population snapshot, the parameters and the seed.

Anyone holding the same snapshot, parameters and seed gets the same sample. Within each
stratum, units are drawn without replacement with probability proportional to their
weight (Efraimidis–Spirakis: keep the n largest u ** (1 / w), u uniform in (0, 1)), from
a random stream seeded by the spot check's seed and the stratum code.
"""

import math
import random
from statistics import NormalDist


def sample_size(population: int, *, confidence: float, margin: float, proportion: float = 0.5) -> int:
    """Cochran's sample size for a proportion, with the finite-population correction."""
    if population <= 0:
        return 0
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    n0 = z * z * proportion * (1 - proportion) / (margin * margin)
    return min(population, math.ceil(n0 / (1 + (n0 - 1) / population)))


def draw(population: dict[str, list], *, seed: int, size_per_stratum: int | None = None,
         confidence: float | None = None, margin: float | None = None) -> dict[str, list]:
    """stratum -> chosen ids (sorted). `population` maps stratum -> [[id, weight], ...]."""
    chosen = {}
    for stratum in sorted(population):
        members = sorted(population[stratum], key=lambda m: str(m[0]))
        if size_per_stratum is not None:
            n = min(size_per_stratum, len(members))
        else:
            n = sample_size(len(members), confidence=confidence, margin=margin)
        rng = random.Random(f"{seed}:{stratum}")
        keyed = [(rng.random() ** (1.0 / max(float(weight), 1e-9)), str(member)) for member, weight in members]
        keyed.sort(reverse=True)
        chosen[stratum] = sorted(member for _, member in keyed[:n])
    return chosen
