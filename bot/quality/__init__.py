"""The data-quality audit (`/crm audit`)."""
