"""Assessment views, split by audience: lists, the enterprise's self-assessment, the assessor's
on-site page, and the diagnosis report."""
