"""POST /api/v1/enforcement/redaction-preview/."""

from rest_framework.test import APIClient


def test_redaction_preview_returns_the_published_text(people):
    client = APIClient()
    client.force_authenticate(people.officer)
    response = client.post("/api/v1/enforcement/redaction-preview/",
                           {"text": "当事人欧阳娜娜，电话13812345678。", "parties": ["欧阳娜娜"]}, format="json")
    assert response.status_code == 200
    assert response.json() == {"text": "当事人欧阳某，电话[已隐去]。"}


def test_redaction_preview_needs_the_view_permission(people):
    client = APIClient()
    client.force_authenticate(people.sysadmin)
    response = client.post("/api/v1/enforcement/redaction-preview/", {"text": "x"}, format="json")
    assert response.status_code == 403
