"""The HTTP API over a real loopback server, on SQLite and PostgreSQL."""
