"""Shiritori analysis: played words, readings, morae, rule checks and the study's tables."""
