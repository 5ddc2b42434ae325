"""Issue 7 §5: a Content-Security-Policy on every HTML page; no template carries inline script."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATE_ROOTS = [Path(settings.BASE_DIR) / "fazhi"]


def _templates():
    for root in TEMPLATE_ROOTS:
        yield from root.rglob("templates/**/*.html")


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in _templates():
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", text):
            offenders.append(f"{path}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+=\"", text):
            offenders.append(f"{path}: {match.group(0)}")
    assert offenders == []


@pytest.mark.parametrize("path", ["/accounts/login/", "/portal/", "/"])
def test_html_pages_carry_the_policy(client, people, path):
    client.force_login(people.fzb_admin)
    response = client.get(path, follow=True)
    assert response["Content-Type"].startswith("text/html")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_json_answers_carry_no_page_policy(client, people):
    client.force_login(people.fzb_admin)
    response = client.get("/api/v1/core/me/")
    assert response["Content-Type"].startswith("application/json")
    assert "Content-Security-Policy" not in response
