"""Kiroku (記録): archive, analyse, annotate and publish language-model transcripts."""

__version__ = "0.1.0"
