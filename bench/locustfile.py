"""A mixed load for ``make load``: citizens and agents across every app.

Each simulated person picks among the benchmark cases of every app (bench/cases/*.py): a
citizen opens public pages and their own space and enrols through the API (an idempotent
write); an agent works the back-office pages. Sessions come from bench/load.py
(``SPP_LOAD_SESSIONS``, a JSON file {email: session key}). Loopback only."""

import json
import os
import uuid
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

from bench.run import discover, headers_for, setup_django

SCALE = os.environ.get("SCALE", "small")
if os.environ.get("SPP_LOAD_DATABASE_URL"):
    setup_django(os.environ["SPP_LOAD_DATABASE_URL"])  # cases build their paths from the data
SESSIONS = json.loads(open(os.environ["SPP_LOAD_SESSIONS"]).read()) \
    if os.environ.get("SPP_LOAD_SESSIONS") else {}
CASES = [case for case in discover(SCALE, set()) if case.method == "GET"
         and (case.login_email is None or case.login_email in SESSIONS)]


def is_citizen_case(case) -> bool:
    return case.login_email is None or case.login_email.startswith(("citoyen", "habitant"))


@events.test_start.add_listener
def loopback_only(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("make load targets 127.0.0.1 only")


class _Person(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    cases: list = []

    @task(10)
    def open_a_page(self):
        case = self.cases[hash(uuid.uuid4()) % len(self.cases)]
        self.client.get(case.path, headers=headers_for(case, SESSIONS), name=case.name)


class Citizen(_Person):
    weight = 4
    cases = [c for c in CASES if is_citizen_case(c)]
    charter_version = 1

    def on_start(self):
        response = self.client.get("/api/v1/catalog/services/livre-blanc-spp",
                                   name="catalog.api_service")
        if response.ok:
            self.charter_version = response.json().get("charter_version") or 1

    @task(1)
    def enrol(self):
        """An idempotent write: enrolling again answers the existing enrolment."""
        email = "citoyen@spp.demo"
        if email not in SESSIONS:
            return
        token = "c" * 32
        self.client.post("/api/v1/catalog/services/livre-blanc-spp/enrolments",
                         json={"charter_version": self.charter_version, "accept_charter": True},
                         headers={"Cookie": f"sessionid={SESSIONS[email]}; csrftoken={token}",
                                  "X-CSRFToken": token, "Idempotency-Key": str(uuid.uuid4())},
                         name="catalog.api_enrol")


class Agent(_Person):
    weight = 1
    cases = [c for c in CASES if not is_citizen_case(c)]
