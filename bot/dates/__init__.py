"""Due dates from what people type, in English and Chinese."""
