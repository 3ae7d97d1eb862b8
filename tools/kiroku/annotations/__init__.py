"""A person's annotations as library operations: labels, reviews, texts, corrections, undo, merge."""
