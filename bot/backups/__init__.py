"""Backups of a SQLite database: when to take one, what to name it, which ones to keep."""
