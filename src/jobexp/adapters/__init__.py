"""Adapters: the database, the key store, password hashing; they import the domain."""
