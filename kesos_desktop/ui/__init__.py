"""Qt Widgets user interface: startup flow, main window, pages, dialogs, widgets (imports core, never the reverse)."""
