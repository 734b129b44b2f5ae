"""The catalog's pages, one module per family; ``spp/catalog/urls.py`` imports each one."""
