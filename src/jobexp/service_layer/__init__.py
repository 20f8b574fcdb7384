"""Use cases: one function per thing a user or operator does, each in a unit of work."""
