"""Modal dialogs: label palette, text editor, played word, conflict, help."""
