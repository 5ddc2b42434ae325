"""Production: PostgreSQL, HTTPS behind nginx, secrets from the environment only."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES
from .env import env, env_bool, env_int

FAZHI_ENV = "production"
DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("insecure") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("生产环境必须通过 SECRET_KEY 设置不少于 50 个字符的随机密钥。")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" and not env_bool("FAZHI_ALLOW_NON_PG"):
    raise ImproperlyConfigured("生产环境必须使用 PostgreSQL（设置 DATABASE_URL=postgres://…）。")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
