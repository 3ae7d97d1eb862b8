"""What the annotator knows about logs, without any widget: summaries, edits, loading and saving."""
