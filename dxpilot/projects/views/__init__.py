"""Project views, one module per page family: projects (list, detail, milestones, timeline),
plan, contract and evidence."""
