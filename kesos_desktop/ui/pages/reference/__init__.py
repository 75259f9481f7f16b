"""Read-only reference data: PPKS categories, exit reasons, referral sources, institution types and regions."""
