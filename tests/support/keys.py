"""The tests' contact-data key: a Fernet key made for them, guarding nothing."""

TEST_ENCRYPTION_KEY = "x2Cq0mS1P4a7bD3fR5tV8wY0zA2cE4gI6kM8oQ1sU3w="
