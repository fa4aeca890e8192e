"""Synthetic data of any size for the benchmark (`manage.py generate_synthetic --scale N`).

`run` holds what the generators share (the run's scale and seed, the bulk writer); one
module per area holds its generator, registered in demo/portal.py.
"""
