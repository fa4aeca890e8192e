"""The demo data set of `manage.py load_demo`: the office's work from June 2000 to May 2007.

Plain Python structures, built on the project's reference facts (untop-facts.md) and the
mandate letter S/2006/355. What no source names (the eight centres, the donors, most dates
and head counts) is illustrative, and labelled so where the records allow it. Nothing here
is random: the same data comes out on every run.
"""
