"""`make bench`: timing crmbot on a seeded book (not a test suite)."""
