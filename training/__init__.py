"""Seminars, police training and its cascade, study visits and publications."""
