"""UI tests (pytest-qt): flows as a person uses them, screenshots, model checks."""
