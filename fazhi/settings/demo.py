"""The embedded demo: SQLite under var/, served by `make demo` on 127.0.0.1:8000."""

from .base import *  # noqa: F403
from .env import env_bool

FAZHI_ENV = "demo"
DEBUG = env_bool("DEBUG", False)
