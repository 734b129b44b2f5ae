"""Response headers that tell the browser what our pages may do, and what they never say."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/healthz",
                                  "/open311/discovery.json"])
def test_every_response_allows_geolocation_to_our_own_pages_and_no_camera_or_microphone(
        client, path):
    """The report form's "locate me" button needs geolocation on our origin; nothing calls
    the camera or the microphone (photos come through a file input), so they stay off, also
    for anything a page might come to embed."""
    policy = client.get(path).headers["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    assert features["geolocation"] == "(self)"
    assert features["camera"] == "()" and features["microphone"] == "()"
