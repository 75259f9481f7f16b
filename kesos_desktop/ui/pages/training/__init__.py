"""Pelatihan: vocational training programmes, enrolment, sessions with attendance, completion and certificates."""
