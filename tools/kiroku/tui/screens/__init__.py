"""The annotator's two screens: the log list and one log."""
