"""Kesos Desktop: registry, rehabilitation and pemulangan for Indonesian social-welfare offices."""

__version__ = "0.1.0"
APP_NAME = "Kesos Desktop"
APP_ID = "kesos-desktop"
