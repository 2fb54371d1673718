"""Every sentence a person reads, in one place."""
