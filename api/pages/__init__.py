"""The public pages (server-rendered HTML in Arabic, English and any language with a catalogue)."""
