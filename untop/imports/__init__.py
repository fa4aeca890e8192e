"""Bulk data in and out: reading spreadsheets safely, importing them atomically, exporting lists.

The core knows no app: each app describes its files as django-import-export resources
(untop.imports.resources.PortalResource: fields, widgets, natural keys, rules) and registers
them in its ``portal.py``.
"""
