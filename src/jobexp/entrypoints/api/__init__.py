"""The HTTP API under /api/v1, documented at /openapi.json."""
