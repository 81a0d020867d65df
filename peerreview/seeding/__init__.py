"""Putting reference and demo data into the database: from `seeds/` at set-up, and from
newly published official files later. Both paths share the `apply_*` functions, so a fact
is written the same way whichever door it came in by."""
