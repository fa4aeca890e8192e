"""The portal's read-only API (/api/v1/): its settings, tokens, pagination, rate limits, the
router that collects the endpoints each app declares in its portal module, and the schema and
documentation pages. Like the rest of ``untop``, it imports no app."""
