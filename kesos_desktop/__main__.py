"""``python -m kesos_desktop`` starts the desktop program (same as the ``kesos-desktop`` command)."""

from kesos_desktop.app import main

raise SystemExit(main())
