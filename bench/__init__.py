"""The benchmark suite: `make bench` (or `python -m bench`); see the README, Benchmarks."""
