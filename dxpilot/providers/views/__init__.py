"""Provider and catalogue views, one module per topic; urls.py imports the modules."""
