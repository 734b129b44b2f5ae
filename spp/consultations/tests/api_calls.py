"""Calling the consultations API in tests: its base path, the problem+json type, and a JSON
request with an optional Idempotency-Key."""

API = "/api/v1/consultations"
PROBLEM = "application/problem+json"


def fetch(client, method, url, body=None, key=None):
    """The API's response to a JSON request (an Idempotency-Key when ``key`` is given)."""
    headers = {"Idempotency-Key": key} if key else {}
    return getattr(client, method)(url, body or {}, content_type="application/json",
                                   headers=headers)
