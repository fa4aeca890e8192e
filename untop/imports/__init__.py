"""Bulk data in and out: reading spreadsheets safely, importing them atomically, exporting lists.

The engine knows no app: each app describes its files as an ``Importer`` (columns, natural
keys, how rows are saved) and registers it in its ``portal.py``.
"""
