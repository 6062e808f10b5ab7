"""Excel import and export: templates, all-or-nothing imports with reports, streamed exports."""
