"""Monitoring: statistical conventions, bulletins, early warnings, the growth a target still needs."""
