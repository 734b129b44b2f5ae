"""A small OpenID provider that the identity tests start on 127.0.0.1, shaped like
FranceConnect v2 and ProConnect: discovery, an authorize endpoint that consents at once, a
token endpoint answering an id_token signed with the nonce, a userinfo endpoint answering a
signed JWT (``application/jwt``), the JWKS, and an end-session endpoint that records the call
and sends the browser back. Nothing leaves the machine.

It checks what the federations check (the client's secret, the redirect address, a state and a
nonce of at least 32 characters, no parameter it does not know), so that a request the real
ones would refuse fails here too. Knobs on the instance let a test make it misbehave."""

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

AUTHORIZE_PARAMETERS = {"response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                        "acr_values", "claims", "prompt", "idp_hint"}


class LocalOpenIDProvider:
    """``with LocalOpenIDProvider() as provider:`` serves until the block ends; ``identity``
    holds the claims of the person who "signs in" there (``sub`` included)."""

    def __init__(self, *, client_id: str = "spp-client", secret: str = "spp-secret",
                 algorithm: str = "RS256") -> None:
        self.client_id, self.secret, self.algorithm = client_id, secret, algorithm
        self.key = (ec.generate_private_key(ec.SECP256R1()) if algorithm == "ES256"
                    else rsa.generate_private_key(public_exponent=65537, key_size=2048))
        self.kid = secrets.token_hex(8)
        self.identity = {"sub": "sub-" + secrets.token_hex(8), "given_name": "Camille Marie",
                         "family_name": "Durand", "email": "camille.durand@exemple.fr"}
        self.authorize_requests: list[dict] = []  # each authorize query, as sent
        self.end_session_requests: list[dict] = []  # each end-session query, as sent
        self.issued_id_tokens: list[str] = []
        # Misbehaviours a test may ask for.
        self.forge_userinfo_signature = False
        self.userinfo_as_plain_json = False
        self.id_token_nonce: str | None = None  # None: the one sent to /authorize
        self.acr = "eidas1"  # the assurance level the id_token states
        self._codes: dict[str, dict] = {}
        self._access_tokens: dict[str, dict] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "LocalOpenIDProvider":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def app(self, provider_id: str, name: str, *, scope: list[str],
            auth_params: dict | None = None) -> dict:
        """One entry of ``SOCIALACCOUNT_PROVIDERS["public_oidc"]["APPS"]``, as
        config/settings.py builds it from the environment, pointing here."""
        return {"provider_id": provider_id, "name": name, "client_id": self.client_id,
                "secret": self.secret,
                "settings": {"server_url": self.issuer, "scope": scope,
                             "auth_params": auth_params or {},
                             "token_auth_method": "client_secret_post",
                             "oauth_pkce_enabled": False, "verified_email": True,
                             "email_authentication": True}}

    def sign(self, claims: dict) -> str:
        return jwt.encode(claims, self.key, algorithm=self.algorithm, headers={"kid": self.kid})

    # The endpoints, each answering (status, headers, body).

    def discovery(self) -> tuple:
        base = self.issuer
        return _json({
            "issuer": base, "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token", "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks", "end_session_endpoint": f"{base}/end_session",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "id_token_signing_alg_values_supported": [self.algorithm],
            "userinfo_signing_alg_values_supported": [self.algorithm],
        })

    def jwks(self) -> tuple:
        algorithm = jwt.get_algorithm_by_name(self.algorithm)
        key = algorithm.to_jwk(self.key.public_key(), as_dict=True)
        return _json({"keys": [{**key, "kid": self.kid, "use": "sig", "alg": self.algorithm}]})

    def authorize(self, query: dict) -> tuple:
        self.authorize_requests.append(query)
        unknown = set(query) - AUTHORIZE_PARAMETERS
        if (unknown or query.get("client_id") != self.client_id
                or query.get("response_type") != "code"
                or len(query.get("state", "")) < 32 or len(query.get("nonce", "")) < 32):
            return _json({"error": "invalid_request", "unknown": sorted(unknown)}, 400)
        code = secrets.token_urlsafe(24)
        self._codes[code] = {"nonce": query["nonce"], "redirect_uri": query["redirect_uri"]}
        return _redirect(query["redirect_uri"], code=code, state=query["state"])

    def token(self, form: dict) -> tuple:
        grant = self._codes.pop(form.get("code", ""), None)
        if (grant is None or form.get("client_id") != self.client_id
                or form.get("client_secret") != self.secret
                or form.get("redirect_uri") != grant["redirect_uri"]):
            return _json({"error": "invalid_grant"}, 400)
        now = int(time.time())
        id_token = self.sign({
            "iss": self.issuer, "aud": self.client_id, "sub": self.identity["sub"],
            "iat": now, "exp": now + 60, "auth_time": now, "acr": self.acr, "amr": ["pwd"],
            "nonce": self.id_token_nonce or grant["nonce"],
        })
        self.issued_id_tokens.append(id_token)
        access_token = secrets.token_urlsafe(24)
        self._access_tokens[access_token] = dict(self.identity)
        return _json({"access_token": access_token, "token_type": "Bearer", "expires_in": 60,
                      "id_token": id_token})

    def userinfo(self, authorization: str) -> tuple:
        claims = self._access_tokens.get(authorization.removeprefix("Bearer "))
        if claims is None:
            return _json({"error": "invalid_token"}, 401)
        if self.userinfo_as_plain_json:
            return _json(claims)
        signed = self.sign({**claims, "iss": self.issuer, "aud": self.client_id,
                            "iat": int(time.time())})
        if self.forge_userinfo_signature:
            header, payload, signature = signed.split(".")
            signed = ".".join([header, payload, signature[::-1]])
        return 200, {"Content-Type": "application/jwt; charset=utf-8"}, signed.encode()

    def end_session(self, query: dict) -> tuple:
        self.end_session_requests.append(query)
        return _redirect(query["post_logout_redirect_uri"], state=query.get("state", ""))


def _json(data: dict, status: int = 200) -> tuple:
    return status, {"Content-Type": "application/json"}, json.dumps(data).encode()


def _redirect(url: str, **params) -> tuple:
    return 303, {"Location": f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"}, b""


def _single(values: dict) -> dict:
    return {key: items[0] for key, items in values.items()}


def _handler_for(provider: LocalOpenIDProvider) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = _single(parse_qs(url.query))
            routes = {
                "/.well-known/openid-configuration": provider.discovery,
                "/jwks": provider.jwks,
                "/authorize": lambda: provider.authorize(query),
                "/userinfo": lambda: provider.userinfo(self.headers.get("Authorization", "")),
                "/end_session": lambda: provider.end_session(query),
            }
            self._answer(*routes[url.path]() if url.path in routes else (404, {}, b""))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = _single(parse_qs(self.rfile.read(length).decode()))
            if urlsplit(self.path).path == "/token":
                self._answer(*provider.token(form))
            else:
                self._answer(404, {}, b"")

        def _answer(self, status: int, headers: dict, body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args) -> None:  # quiet: the tests say what failed
            pass

    return Handler
