"""JobExp: a privacy-first personal assistant whose privacy policy is executable."""

__version__ = "0.1.0"
