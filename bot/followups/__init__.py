"""Follow-ups and next steps: the one-line intake, logging, undo, editing steps."""
