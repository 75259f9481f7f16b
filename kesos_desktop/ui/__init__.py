"""Qt Widgets user interface: startup flow, main window, pages, dialogs and widgets (imports core, never the reverse)."""
