"""Use cases: the only way data changes. Each takes a Session (and the acting user) and returns dataclasses."""
