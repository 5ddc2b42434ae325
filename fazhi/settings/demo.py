"""The embedded demo: SQLite under var/, served by `make demo` on 127.0.0.1:8000."""

from .base import *  # noqa: F403
from .env import env, env_bool

FAZHI_ENV = "demo"
DEBUG = env_bool("DEBUG", False)

# Demo site identification (fictitious numbers, marked as such).
FAZHI_SITE_HOST_ORG = env("FAZHI_SITE_HOST_ORG", "黔西南州依法治州办（州司法局）")
FAZHI_SITE_CONTACT = env("FAZHI_SITE_CONTACT", "0859-0000000（演示）")
FAZHI_SITE_CODE = env("FAZHI_SITE_CODE", "5223000000（演示）")
FAZHI_SITE_ICP = env("FAZHI_SITE_ICP", "黔ICP备00000000号（演示）")
FAZHI_SITE_POLICE_RECORD = env("FAZHI_SITE_POLICE_RECORD", "黔公网安备 52230000000000号（演示）")
