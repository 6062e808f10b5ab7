"""Number formats for zh-hans: Django's own leave amounts ungrouped (150000000); programme
documents group by thousands (150,000,000), so `intcomma` does too."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
