"""Administration pages: user accounts, the audit log and the office's own data."""
