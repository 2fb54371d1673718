"""What each person and team chose: the language they read."""
