"""The terminal annotator behind `kiroku annotate`."""
