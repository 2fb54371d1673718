"""The catalog's texts by area (`customers`, `followups`, …): one `Catalog` class and one
instance each, with their Chinese in `bot/catalog/locale/zh/<area>.po`."""
