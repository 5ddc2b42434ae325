"""The error mapping of api_base, odd input that must never become a 500, and session clients."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework.test import APIClient

from fazhi.core.api_base import exception_handler, fields_renamed
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Region
from fazhi.core.tests.api_support import client_for, url
from fazhi.core.tests.factories import PASSWORD


def _handled(exc):
    response = exception_handler(exc, {})
    return response.status_code, response.data


def test_a_service_error_is_a_400_with_its_field_errors_and_all_becomes_non_field_errors():
    status, body = _handled(ServiceError(field_errors={"name": ["名称已存在。"], "__all__": ["组合重复。"]}))
    assert status == 400
    assert body == {"detail": "名称已存在。；组合重复。", "name": ["名称已存在。"], "non_field_errors": ["组合重复。"]}


def test_a_refused_transition_is_a_409_listing_the_reasons():
    assert _handled(TransitionRefused(["缺少审核意见书。"])) == (409, {"detail": "不满足办理条件。",
                                                                 "reasons": ["缺少审核意见书。"]})


def test_not_permitted_is_a_403_with_its_message():
    assert _handled(NotPermitted("不能越权。")) == (403, {"detail": "不能越权。"})


def test_a_django_validation_error_maps_to_a_400_by_field_or_as_a_detail():
    status, body = _handled(ValidationError({"code": ["代码应为 6 位数字。"]}))
    assert (status, body["code"]) == (400, ["代码应为 6 位数字。"])
    assert _handled(ValidationError("日期无效。")) == (400, {"detail": "日期无效。"})


def test_http404_keeps_its_chinese_message_or_gets_the_scoped_one():
    assert _handled(Http404("对象不存在或不在您的数据范围内。")) == (404, {"detail": "对象不存在或不在您的数据范围内。"})
    assert _handled(Http404()) == (404, {"detail": "对象不存在或不在您的数据范围内。"})


def test_fields_renamed_rekeys_a_service_error():
    with pytest.raises(ServiceError) as exc, fields_renamed({"password": "new_password"}):
        raise ServiceError(field_errors={"password": ["太短。"]})
    assert exc.value.field_errors == {"new_password": ["太短。"]}


# ---------------------------------------------------------------- odd input


def test_a_nul_character_in_a_code_reference_is_a_400(people):
    response = client_for(people.sysadmin).post(
        url("core-region-list"), {"code": "522302", "name": "兴仁市", "level": 3, "parent": "5223\u0000"}, format="json")
    assert response.status_code == 400 and "parent" in response.json()
    assert not Region.objects.filter(code="522302").exists()


def test_a_nul_character_in_a_text_field_or_filter_is_a_400(people):
    client = client_for(people.sysadmin)
    response = client.patch(url("core-region-detail", code="522301"), {"name": "兴义\u0000市"}, format="json")
    assert response.status_code == 400 and "name" in response.json()
    assert client.get(url("core-region-list"), {"q": "兴\u0000"}).status_code == 400


def test_a_cursor_carrying_a_nul_character_is_a_400(people):
    import base64
    import json

    cursor = base64.urlsafe_b64encode(json.dumps(["a\u0000"]).encode()).decode().rstrip("=")
    assert client_for(people.secadmin).get(url("core-user-list"), {"after": cursor}).status_code == 400


@pytest.mark.parametrize("raw", ["[1e30]", "[1000000000000000000000000000000]", "[NaN]", "[Infinity]", "[1.5]",
                                 "[true]", "[[1]]", '[{"d": "2026-13-01"}]', '[{"dt": "x"}]', '[{"x": 1}]'])
def test_a_hostile_cursor_is_answered_without_a_crash(people, raw):
    import base64

    def encode(text):
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    audit = client_for(people.auditor).get(url("core-audit-event-list"), {"after": encode(raw)})
    assert audit.status_code in (200, 400)
    two_keys = client_for(people.fzb_admin).get(url("core-deadline-list"), {"after": encode(f"[{raw[1:-1]}, 5]")})
    assert two_keys.status_code in (200, 400)


def test_a_form_encoded_body_is_read_like_json(people):
    response = client_for(people.leader).post(url("core-notification-mark-read"), {}, format="multipart")
    assert response.status_code == 200


def test_an_unsupported_content_type_is_a_415_in_chinese(people):
    response = client_for(people.leader).post(url("core-notification-mark-read"), "<ids/>",
                                              content_type="application/xml")
    assert response.status_code == 415
    assert response.json() == {"detail": "请求内容类型不受支持，请使用 application/json。"}


# ---------------------------------------------------------------- session clients and the browsable API


def test_a_browser_session_may_use_the_api_and_stays_logged_in_after_a_password_change(people):
    client = APIClient(enforce_csrf_checks=False)
    client.force_login(people.leader)
    response = client.post(url("core-me-password"), {"old_password": PASSWORD, "new_password": "Fresh-pass-2026"},
                           format="json")
    assert response.status_code == 200
    assert client.get(url("core-me")).status_code == 200


def test_a_token_client_changing_its_password_gets_no_session_cookie(people):
    client = client_for(people.leader)
    response = client.post(url("core-me-password"), {"old_password": PASSWORD, "new_password": "Fresh-pass-2026"},
                           format="json")
    assert response.status_code == 200 and "sessionid" not in response.cookies


@pytest.mark.parametrize("name", ["core-region-list", "core-agency-list", "core-user-list", "core-notification-list",
                                  "core-deadline-list", "core-audit-event-list", "core-me"])
def test_the_browsable_api_renders_each_list_for_a_logged_in_browser(people, name):
    client = APIClient()
    client.force_login(people.fzb_admin if name != "core-audit-event-list" else people.auditor)
    response = client.get(url(name), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]
