"""Domain rules: plain Python, no web framework, no database."""
