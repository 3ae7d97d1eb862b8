"""Benchmarks: a seeded synthetic archive and the figures `kiroku bench` measures on it."""
