"""Settings shared by every environment. Environment-specific modules import from here."""

from pathlib import Path

import dj_database_url

from .env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("FAZHI_VAR_DIR", str(BASE_DIR / "var")))

FAZHI_ENV = "base"
SECRET_KEY = env("SECRET_KEY", "insecure-dev-key-change-me-0123456789abcdefghijklmnop")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_filters",
    "django_q",
    "fazhi.core",
    "fazhi.procedure",
    "fazhi.documents",
    "fazhi.decisions",
    "fazhi.supervision",
    "fazhi.enforcement",
    "fazhi.disputes",
    "fazhi.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fazhi.core.middleware.UrlTooLongMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fazhi.core.middleware.RequestContextMiddleware",
    "fazhi.core.middleware.PasswordChangeRequiredMiddleware",
    "fazhi.core.middleware.ContentSecurityPolicyMiddleware",
]

# Content-Security-Policy of every HTML page: vendored assets only, no inline script (issue 7 §5).
FAZHI_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
             "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
             "frame-ancestors 'none'")
FAZHI_CSP_API_DOCS = FAZHI_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "img-src 'self' data:", "img-src 'self' data: blob:").replace("default-src 'self'", "default-src 'self'; worker-src 'self' blob:")
FAZHI_CSP_API_DOCS_PATHS = ["/api/v1/docs/", "/api/v1/redoc/"]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web server share the embedded database.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["fazhi.core.auth.LockoutModelBackend"]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# 等保 level 3 password policy: ≥8 characters, three of four classes, not the username.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "fazhi.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "fazhi.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "fazhi.core.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Idle timeout: the session expires after this many seconds without a request.
SESSION_COOKIE_AGE = env_int("FAZHI_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# Login lockout (等保 三级: 登录失败处理).
# Site identification shown in the portal's and workspace's footers (政府网站发展指引: 主办单位、联系方式、
# 网站标识码、ICP 备案编号、公安机关备案号). Set per deployment; empty values are not shown.
FAZHI_PREFECTURE_NAME = env("FAZHI_PREFECTURE_NAME", "黔西南布依族苗族自治州")
FAZHI_SITE_HOST_ORG = env("FAZHI_SITE_HOST_ORG", "")
FAZHI_SITE_CONTACT = env("FAZHI_SITE_CONTACT", "")
FAZHI_SITE_CODE = env("FAZHI_SITE_CODE", "")
FAZHI_SITE_ICP = env("FAZHI_SITE_ICP", "")
FAZHI_SITE_POLICE_RECORD = env("FAZHI_SITE_POLICE_RECORD", "")
FAZHI_MAX_URL_LENGTH = env_int("FAZHI_MAX_URL_LENGTH", 2048)

# The audit log's parallel hash chains (core/audit.py): an append takes the first chain no other writer
# holds, so up to this many writers append at once. PostgreSQL only; SQLite always uses one chain.
FAZHI_AUDIT_CHAINS = env_int("FAZHI_AUDIT_CHAINS", 8)

# A list export of more rows than this is written in the background (core/exports.py): a progress page, then a
# download link in the inbox.
FAZHI_EXPORT_BACKGROUND_ROWS = env_int("FAZHI_EXPORT_BACKGROUND_ROWS", 20000)

# A list page counts its rows exactly up to this many, and beyond says "more than" (core/paging.list_total):
# counting a prefecture's 200 000 documents costs more than showing a page of them.
FAZHI_LIST_COUNT_LIMIT = env_int("FAZHI_LIST_COUNT_LIMIT", 2000)

# How long a list's filter dropdown (the issuers, organs … in a user's scope) may lag behind the data, in seconds:
# the choices are cached per scope, in the database cache and in each worker's memory (core/filtersets.py).
FAZHI_FILTER_CHOICES_SECONDS = env_int("FAZHI_FILTER_CHOICES_SECONDS", 300)

FAZHI_LOCKOUT_ATTEMPTS = env_int("FAZHI_LOCKOUT_ATTEMPTS", 5)
FAZHI_LOCKOUT_MINUTES = env_int("FAZHI_LOCKOUT_MINUTES", 15)
# Failures from one client address that lock the address: separate from and higher than the per-account
# limit, since a whole office may share one NAT address.
FAZHI_LOCKOUT_ADDRESS_ATTEMPTS = env_int("FAZHI_LOCKOUT_ADDRESS_ATTEMPTS", 30)
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma separated; "unix" for a
# proxy on a unix socket, where the peer has no address). The client address is the right-most hop not in
# this list. Empty: REMOTE_ADDR is the client. deploy/nginx.conf passes X-Forwarded-For.
FAZHI_TRUSTED_PROXIES = env_list("FAZHI_TRUSTED_PROXIES", [])

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "fazhi" / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {
        "BACKEND": env("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Attachments: size limit and the content types accepted (checked on the bytes, not the name).
FAZHI_ATTACHMENT_MAX_BYTES = env_int("FAZHI_ATTACHMENT_MAX_BYTES", 50 * 1024 * 1024)
FAZHI_ATTACHMENT_TYPES = env_list(
    "FAZHI_ATTACHMENT_TYPES",
    [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/msword",
        "application/vnd.ms-excel",
        "application/zip",
        "image/jpeg",
        "image/png",
        "text/plain",
        "text/csv",
        "video/mp4",
        "audio/mpeg",
    ],
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Deadlines: remind the responsible people this many days before the due date.
FAZHI_DEADLINE_REMIND_DAYS = [int(x) for x in env_list("FAZHI_DEADLINE_REMIND_DAYS", ["3", "1"])]

# 行政规范性文件 ([S]/[U] values of RULES.md §1 — defaults, configurable per deployment).
FAZHI_DOC_COMMENT_MIN_WORKING_DAYS = env_int("FAZHI_DOC_COMMENT_MIN_WORKING_DAYS", 7)
FAZHI_DOC_VALIDITY_MAX_YEARS = env_int("FAZHI_DOC_VALIDITY_MAX_YEARS", 5)
FAZHI_DOC_PROVISIONAL_MAX_YEARS = env_int("FAZHI_DOC_PROVISIONAL_MAX_YEARS", 2)
# [S] local practice: a document takes effect no sooner than 30 days after publication unless a reason is given
FAZHI_DOC_MIN_EFFECTIVE_DAYS = env_int("FAZHI_DOC_MIN_EFFECTIVE_DAYS", 30)
# [U] 备案审查 time limit (the province's 备案审查 regulation, unverified for Guizhou): 30 working days, extendable
# once by 20 with the approval of the reviewing body's head
FAZHI_DOC_FILING_REVIEW_WORKING_DAYS = env_int("FAZHI_DOC_FILING_REVIEW_WORKING_DAYS", 30)
FAZHI_DOC_FILING_REVIEW_EXTENSION_WORKING_DAYS = env_int("FAZHI_DOC_FILING_REVIEW_EXTENSION_WORKING_DAYS", 20)
FAZHI_DOC_REVIEW_WORKING_DAYS = env_int("FAZHI_DOC_REVIEW_WORKING_DAYS", 15)
FAZHI_DOC_FILING_DAYS = env_int("FAZHI_DOC_FILING_DAYS", 30)
# [U] 国办发〔2018〕115号: a department's document is reviewed by its own 法制机构 first, and then — where the local
# rule says so — by the government's 司法行政部门 as well. On by default; False ends at the department's review.
# [U] 重新公布 after an evaluation concluded 继续有效: a new 文号 of the year of republication where the local rule asks
# for one; by default the document keeps its number.
FAZHI_DOC_REPUBLISH_NEW_NUMBER = env_bool("FAZHI_DOC_REPUBLISH_NEW_NUMBER", False)
# [U] 三统一: who registers an adopted document before it is numbered — "justice" (the issuer's 司法行政部门, the
# default) or "gov_office" (the issuer's government office), as the local rule says.
FAZHI_DOC_REGISTRAR = env("FAZHI_DOC_REGISTRAR", default="justice")
FAZHI_DOC_DEPARTMENT_DOCS_TO_JUSTICE = env_bool("FAZHI_DOC_DEPARTMENT_DOCS_TO_JUSTICE", True)
# [U] 监督法 第四十条 leaves the procedure of filing with the 本级人大常委会 to the province's regulation (not verified
# for Guizhou): 30 calendar days after publication by default.
FAZHI_DOC_CONGRESS_FILING_DAYS = env_int("FAZHI_DOC_CONGRESS_FILING_DAYS", 30)
FAZHI_DOC_CORRECTION_DAYS = env_int("FAZHI_DOC_CORRECTION_DAYS", 30)
FAZHI_DOC_EVALUATION_MONTHS = env_int("FAZHI_DOC_EVALUATION_MONTHS", 6)
FAZHI_DOC_SUGGESTION_WORKING_DAYS = env_int("FAZHI_DOC_SUGGESTION_WORKING_DAYS", 20)
# The public comment form: whether name and contact are required, and submissions per address per hour.
# 矛盾纠纷化解 (fazhi.disputes): bases of the rates and local targets — RULES.md §7, [U] values.
FAZHI_DISPUTES_LOSS_RATE_BASE = env("FAZHI_DISPUTES_LOSS_RATE_BASE", "concluded")  # or "judgments"
FAZHI_DISPUTES_HIDDEN_LOSS_COUNTS = env_bool("FAZHI_DISPUTES_HIDDEN_LOSS_COUNTS", True)
# [S] written answer to a 司法建议: 60 days (适用解释 第一百四十九条第三款 for a 规范性文件 suggestion)
FAZHI_DISPUTES_SUGGESTION_DAYS = env_int("FAZHI_DISPUTES_SUGGESTION_DAYS", 60)
FAZHI_DISPUTES_FULLTIME_TARGET = float(env("FAZHI_DISPUTES_FULLTIME_TARGET", "0.20"))  # 村专职调解员 20% [U]
FAZHI_DISPUTES_COMMITTEE_TERM_YEARS = env_int("FAZHI_DISPUTES_COMMITTEE_TERM_YEARS", 3)  # 人民调解法 第九条
FAZHI_DISPUTES_ENTRUSTED_DAYS = env_int("FAZHI_DISPUTES_ENTRUSTED_DAYS", 15)  # 委托调解, 普通程序 [S]
FAZHI_DISPUTES_ENTRUSTED_SIMPLE_DAYS = env_int("FAZHI_DISPUTES_ENTRUSTED_SIMPLE_DAYS", 7)  # 委托调解, 简易程序 [S]
FAZHI_DISPUTES_ASSIGNED_DAYS = env_int("FAZHI_DISPUTES_ASSIGNED_DAYS", 30)  # 委派调解 (立案前) [S]
FAZHI_DISPUTES_APPEARANCE_BASE = env("FAZHI_DISPUTES_APPEARANCE_BASE", "heard")  # 出庭应诉率: "heard" or "required"
FAZHI_DISPUTES_CORRECTION_BASE = env("FAZHI_DISPUTES_CORRECTION_BASE", "concluded")  # 纠错率: new/concluded/substantive
FAZHI_DISPUTES_EXPLANATION_DAYS = env_int("FAZHI_DISPUTES_EXPLANATION_DAYS", 15)  # 败诉率情况说明 报送期限（工作日）[local]

FAZHI_PUBLIC_REQUIRE_NAME = env_bool("FAZHI_PUBLIC_REQUIRE_NAME", False)
FAZHI_PUBLIC_RATE_PER_HOUR = env_int("FAZHI_PUBLIC_RATE_PER_HOUR", 5)

EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "fazhi@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.locmem.EmailBackend"
)
FAZHI_EMAIL_ENABLED = bool(EMAIL_HOST)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "fazhi.core.lockout.LockoutTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "fazhi.core.api_base.KeysetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "fazhi.core.api_base.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# One cache shared by every web worker (the portal's one-time captcha tokens rely on it): a table in the
# main database, created by `manage.py createcachetable`. Set CACHE_URL-style Redis here at scale.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "fazhi_cache"},
}

FILTERS_EMPTY_CHOICE_LABEL = "全部"

SPECTACULAR_SETTINGS = {
    "TITLE": "Fazhi 法治政府建设平台 API",
    "DESCRIPTION": "州级法治政府建设工作平台的 REST 接口。令牌认证：POST /api/v1/auth/token/。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc from the vendored sidecar package: no CDN on a government intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RegionLevelEnum": "fazhi.core.choices.RegionLevel",
        "AgencyKindEnum": "fazhi.core.choices.AgencyKind",
        "RoleEnum": "fazhi.core.choices.Role",
        "ScopeEnum": "fazhi.core.choices.Scope",
        "PeriodUnitEnum": "fazhi.core.choices.PeriodUnit",
        "DeadlineStatusEnum": "fazhi.core.choices.DeadlineStatus",
        "DeadlineTransitionActionEnum": "fazhi.core.api.serializers.TRANSITION_ACTION_CHOICES",
    },
}

# Background jobs: django-q2 on the database (ORM broker); set Q_REDIS_URL to scale out on Redis.
Q_CLUSTER = {
    "name": "fazhi",
    "workers": env_int("Q_WORKERS", 1),
    "timeout": 600,
    "retry": 900,
    "orm": "default",
    "catch_up": False,
    "label": "后台任务",
}
if env("Q_REDIS_URL"):
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = env("Q_REDIS_URL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_refusal": {"()": "fazhi.core.logging_filters.ExpectedRefusalFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["expected_refusal"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# ---- 督促问效 (supervision) — local practice, no national text: [U] defaults the office confirms
SUPERVISION_ISSUER = env("SUPERVISION_ISSUER", "中共黔西南州委全面依法治州委员会办公室")
SUPERVISION_LETTER_PREFIX = env("SUPERVISION_LETTER_PREFIX", "黔西南法治督")  # 文号代字 [U]
SUPERVISION_RECTIFY_WORKDAYS = int(env("SUPERVISION_RECTIFY_WORKDAYS", "15"))  # 整改期限, working days [U]
# 单位填报: a period's forms lock N calendar days after it ends (DHIS2 expiryDays) and count as timely when
# first submitted within M days (timelyDays) — local practice [U], settings.
SUPERVISION_REPORT_EXPIRY_DAYS = int(env("SUPERVISION_REPORT_EXPIRY_DAYS", "15"))
SUPERVISION_REPORT_TIMELY_DAYS = int(env("SUPERVISION_REPORT_TIMELY_DAYS", "5"))
# 行政执法 (fazhi.enforcement): periods and the 重大执法决定目录 thresholds; defaults in enforcement/rules.py
# (行政处罚法 第五十八条、第六十条、第六十一条; 国办发〔2018〕118号 publication 7 working days).
ENFORCEMENT = {
    "PUBLICATION_WORKING_DAYS": 7,
    "PUBLICATION_WORKING_DAYS_OTHER": 20,
    "STATEMENT_DAYS": 5,
}
