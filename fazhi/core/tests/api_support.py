"""Helpers for the API tests: clients that log in with a real token, and short URL builders."""

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def client_for(user) -> APIClient:
    """An API client sending ``Authorization: Token …`` for ``user`` (anonymous when None)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def url(name: str, **kwargs) -> str:
    """``url("core-region-detail", code="522301")`` → /api/v1/core/regions/522301/"""
    return reverse(f"api:{name}", kwargs=kwargs or None)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content.decode()
    return response.json()["results"]


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def all_messages(body) -> list[str]:
    """Every message string in an error body (nested lists and dicts flattened)."""
    if isinstance(body, str):
        return [body]
    if isinstance(body, list):
        return [m for item in body for m in all_messages(item)]
    if isinstance(body, dict):
        return [m for value in body.values() for m in all_messages(value)]
    return []


def list_answers(users, list_url: str, queries: list[dict]) -> list[tuple]:
    """(user, query, status, body) of each user's answer to each query of the list at ``list_url``, and to the
    next page after it when there is one: what ``assert_same_answers`` replays on another path."""
    seen = []
    for user in users:
        client = client_for(user)
        for query in queries:
            response = client.get(list_url, query)
            seen.append((user, query, response.status_code, response.content))
            if response.status_code == 200 and response.json()["next_cursor"]:
                after = {**query, "after": response.json()["next_cursor"]}
                response = client.get(list_url, after)
                seen.append((user, after, response.status_code, response.content))
    return seen


def assert_same_answers(list_url: str, seen: list[tuple]) -> None:
    for user, query, status, content in seen:
        response = client_for(user).get(list_url, query)
        assert (response.status_code, response.content) == (status, content), (user.username, query)
