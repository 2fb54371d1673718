"""Data in and out: importing customers from CSV/XLSX files and exporting them."""
