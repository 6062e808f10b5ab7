"""Project views, one module per half of the workflow: delivery*.py (plan, contract, archive,
timeline) and review*.py (acceptance, subsidy, disbursement, flags, follow-up)."""
