"""The production settings plus one bare view, for the form load benchmark's baseline."""

from huitoukan.settings import *  # noqa: F401,F403

ROOT_URLCONF = "benchmarks.load.urls"
