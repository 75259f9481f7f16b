"""Qt item models over service results: small in-memory tables, and lazily fetched big lists (DESIGN rule 4)."""
