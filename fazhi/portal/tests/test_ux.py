"""Portal identity (issue 7 §4): its own 404, the prefecture in the header, the site identification."""

from django.test import override_settings


@override_settings(FAZHI_SITE_HOST_ORG="黔西南州司法局", FAZHI_SITE_CONTACT="0859-1234567", FAZHI_SITE_CODE="5223000001",
                   FAZHI_SITE_ICP="黔ICP备12345678号", FAZHI_SITE_POLICE_RECORD="黔公网安备 52230102000001号")
def test_the_portal_names_the_prefecture_and_carries_the_site_identification(client, db):
    body = client.get("/portal/").content.decode()
    assert "黔西南布依族苗族自治州" in body
    for text in ("主办单位：黔西南州司法局", "联系电话：0859-1234567", "网站标识码：5223000001", "黔ICP备12345678号",
                 "黔公网安备 52230102000001号"):
        assert text in body


@override_settings(FAZHI_SITE_ICP="")
def test_an_unset_identification_is_left_out(client, db):
    assert "ICP" not in client.get("/portal/").content.decode()


def test_the_portal_has_its_own_404_page(client, db):
    response = client.get("/portal/documents/NOSUCHCODE/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "返回门户首页" in body and "法治政府公开平台" in body


def test_a_workspace_404_keeps_the_workspace_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "返回门户首页" not in response.content.decode()


def test_the_login_page_links_to_the_portal(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert 'id="fz-portal-link"' in body and 'href="/portal/"' in body
