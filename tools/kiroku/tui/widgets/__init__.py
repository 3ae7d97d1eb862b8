"""The annotator's widgets: they show what they are given and never touch files."""
