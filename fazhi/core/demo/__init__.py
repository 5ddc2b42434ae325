"""The demo prefecture: a realistic 黔西南州 loaded by ``manage.py load_demo`` (and ``make demo``).

``data`` holds the tables (regions, agencies, accounts, sample deadlines); ``loader`` writes them
through the services, idempotently. Never loaded under production settings.
"""

from .loader import DEFAULT_PASSWORD, LoadReport, demo_password, load_demo

__all__ = ["DEFAULT_PASSWORD", "LoadReport", "demo_password", "load_demo"]
