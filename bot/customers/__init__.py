"""Customers: the form, names and matching, creating, editing and finding them."""
