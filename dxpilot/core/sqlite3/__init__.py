"""Django's SQLite backend, tolerant of decimals stored beyond their column's precision."""
