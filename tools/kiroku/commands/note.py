"""`kiroku note`: a new version of a unit's note, the earlier one kept."""

from __future__ import annotations

from kiroku.commands.translate import _text_command

command = _text_command("note", "note", "note")
