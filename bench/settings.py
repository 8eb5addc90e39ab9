"""Settings of the benchmark's servers: the project's own, plus the floor's URLs."""

from config.settings import *  # noqa: F403

# The API's URLs and, beside them, the hand-written floor views (bench/floor.py).
ROOT_URLCONF = "bench.urls"
