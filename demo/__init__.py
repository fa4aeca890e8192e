"""The demo and the synthetic data, kept apart from the portal's apps.

`manage.py load_demo` loads the office's work of June 2000 – May 2007 (the data of the 2005–06
letter, S/2006/355) and one login per role; `manage.py generate_synthetic --scale N` makes a
data set of any size for the benchmark. portal.py registers each area's loader and generator,
in the order the data needs (demo/registry.py). The portal's apps never import this package
(tests/untop/test_demo_package.py).
"""
