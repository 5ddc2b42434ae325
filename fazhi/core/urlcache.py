"""reverse() once per URL name, not once per use: every page's navigation reverses the same twenty names, and a
list page reverses the same detail URL for each of its fifty rows (each reverse() costs tens of microseconds).

The cache is keyed by the URL name, the script prefix and the URL configuration, so a deployment under a
sub-path, a request with its own ``urlconf`` and a test overriding ROOT_URLCONF each get their own entries.
"""

from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# What reverse() leaves unquoted in a path (django.urls.resolvers: RFC3986_SUBDELIMS + "/~:@").
_SAFE = "!$&'()*+,;=/~:@"

_PLAIN: dict[tuple, str] = {}
_SPLIT: dict[tuple, tuple[str, str]] = {}


def _key(url_name: str) -> tuple:
    return url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


def cached_reverse(url_name: str) -> str:
    """``reverse(url_name)`` of a URL without arguments; NoReverseMatch as reverse() raises it."""
    key = _key(url_name)
    url = _PLAIN.get(key)
    if url is None:
        url = _PLAIN[key] = reverse(url_name)
    return url


def row_url(url_name: str, value) -> str:
    """``reverse(url_name, args=[value])`` for a URL whose one argument is a row's public code: the first call
    reverses, later calls put the value in place of the first one. For values the URL's converter accepts (codes
    read from the database) the result is the same string reverse() gives."""
    return _row_url(_key(url_name), url_name, value)


def row_urls(url_name: str):
    """``row_url`` for the rows of one page: the cache key (script prefix, URL configuration) looked up once."""
    key = _key(url_name)
    return lambda value: _row_url(key, url_name, value)


def _row_url(key: tuple, url_name: str, value) -> str:
    text = str(value)
    parts = _SPLIT.get(key)
    if parts is None:
        url = reverse(url_name, args=[text])
        quoted = quote(text, safe=_SAFE)
        if not quoted or url.count(quoted) != 1:
            return url  # the value also occurs elsewhere in the path: nothing safe to cache
        before, after = url.split(quoted)
        parts = _SPLIT[key] = (before, after)
    return f"{parts[0]}{quote(text, safe=_SAFE)}{parts[1]}"
