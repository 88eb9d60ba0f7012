"""Monitoring: statistical conventions, monthly bulletins, early warnings and the growth a target still needs."""
