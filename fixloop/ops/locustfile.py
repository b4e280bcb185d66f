"""Locust users for `fixloop bench load`: customers in the portal, agents in the console and API, engineers.

Run by fixloop.ops.loadbench in a locust subprocess (gevent must patch the process before anything else
is imported, so this file imports neither Django nor fixloop). Settings come from FIXLOOP_LOAD_* variables.
"""

import collections
import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, task

PASSWORD = os.environ.get("FIXLOOP_LOAD_PASSWORD", "fixloop-demo")
ENGINEERS = os.environ.get("FIXLOOP_LOAD_ENGINEERS", "engineer,engineer2,engineer3,engineer4").split(",")
STATES = ["new", "triaged", "assigned", "scheduled", "diagnosing", "quoted", "repairing", "qc", "ready"]
PRIORITIES = ["low", "normal", "high", "urgent"]
# username -> {cookie, session, token} made by the bench; without it users sign in through the form.
CREDENTIALS = json.loads(os.environ.get("FIXLOOP_LOAD_CREDENTIALS") or "{}")
_serials = itertools.count()
_engineer_slots = itertools.count()
# Orders an engineer user may move, claimed one at a time so two users never race on one order.
_bench_orders: dict[str, collections.deque] = {}


class FixloopUser(HttpUser):
    abstract = True
    wait_time = between(0.1, 0.5)
    username = ""

    def sign_in(self, username: str) -> None:
        """A session cookie for pages and a bearer token for the API."""
        given = CREDENTIALS.get(username)
        if given:
            self.client.cookies.set(given["cookie"], given["session"])
            self.api_headers = {"Authorization": f"Bearer {given['token']}"}
            return
        form = self.client.get("/accounts/login/", name="sign-in form")
        csrf = csrf_from(form.text) or self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf},
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
        )
        response = self.client.post(
            "/api/auth/token", json={"username": username, "password": PASSWORD}, name="API token"
        )
        self.api_headers = {"Authorization": f"Bearer {response.json()['token']}"}

    def api_get(self, url: str, name: str, **params):
        return self.client.get(url, params=params, headers=self.api_headers, name=name)

    def numbers(self, **params) -> list[str]:
        page = self.api_get("/api/orders", "API order list (setup)", limit=200, **params).json()
        return [o["number"] for o in page["items"]]


class Customer(FixloopUser):
    weight = 5

    def on_start(self) -> None:
        self.sign_in(os.environ.get("FIXLOOP_LOAD_CUSTOMER", "customer"))
        page = self.api_get("/api/orders", "API order list (setup)", limit=200).json()["items"]
        self.orders = [(o["number"], o["contact_phone"][-4:]) for o in page] or [("RO-0", "0000")]

    @task(3)
    def order_list(self) -> None:
        self.client.get("/portal/", name="portal: my orders")

    @task(3)
    def order_detail(self) -> None:
        number, _ = random.choice(self.orders)
        self.client.get(f"/portal/orders/{number}/", name="portal: order page")

    @task(2)
    def tracking(self) -> None:
        # The digits are posted with the form's CSRF token (never put in a URL); the redirect shows the result.
        number, last4 = random.choice(self.orders)
        form = self.client.get("/portal/track/", name="portal: tracking form")
        csrf = csrf_from(form.text) or self.client.cookies.get("csrftoken", "")
        self.client.post("/portal/track/", data={"number": number, "phone_last4": last4, "csrfmiddlewaretoken": csrf},
                         headers={"Referer": self.host + "/portal/track/"}, name="portal: public tracking")  # fmt: skip


class Agent(FixloopUser):
    weight = 3

    def on_start(self) -> None:
        self.sign_in("agent")
        self.numbers_seen = self.numbers() or ["RO-0"]
        self.customers = list(range(1, 21))

    @task(4)
    def queue(self) -> None:
        params = {"state": random.choice(STATES)}
        if random.random() < 0.5:
            params["priority"] = random.choice(PRIORITIES)
        self.client.get("/console/", params=params, name="console: queue with filters")

    @task(3)
    def order_page(self) -> None:
        self.client.get(f"/console/orders/{random.choice(self.numbers_seen)}/", name="console: order page")

    @task(1)
    def intake(self) -> None:
        body = {
            "service_mode": "carry_in",
            "symptoms": "手机充电无反应 load bench",
            "customer_id": random.choice(self.customers),
            "device": {"serial": f"LOAD-{os.getpid()}-{time.time_ns()}-{next(_serials)}", "model_id": 1},
        }
        response = self.client.post("/api/orders", json=body, headers=self.api_headers, name="API: intake")
        if response.status_code == 201:
            self.numbers_seen.append(response.json()["number"])


class Engineer(FixloopUser):
    weight = 2

    def on_start(self) -> None:
        self.engineer = ENGINEERS[next(_engineer_slots) % len(ENGINEERS)]
        self.sign_in(self.engineer)
        if self.engineer not in _bench_orders:
            me = self.api_get("/api/auth/me", "API me (setup)").json()
            engineer_id = me["engineer_id"]
            page = self.api_get("/api/orders", "API order list (setup)", limit=200,
                                state="repairing", assignee=engineer_id).json()["items"]  # fmt: skip
            _bench_orders[self.engineer] = collections.deque(
                [o["number"], o["version"], o["state"]] for o in page
            )

    @task(3)
    def my_jobs(self) -> None:
        self.client.get("/console/my-jobs/", name="console: my jobs")

    @task(2)
    def transition(self) -> None:
        """Toggle a claimed order between repairing and awaiting_parts (repeatable, no end state)."""
        pool = _bench_orders.get(self.engineer)
        if not pool:
            return
        order = pool.popleft()
        try:
            number, version, state = order
            action, payload = (
                ("wait_parts", {"parts": "主板 / mainboard"})
                if state == "repairing"
                else ("resume_repair", {})
            )
            response = self.client.post(f"/api/orders/{number}/transitions", headers=self.api_headers,
                                        json={"action": action, "version": version, "payload": payload},
                                        name="API: transition")  # fmt: skip
            if response.status_code == 200:
                order[1], order[2] = response.json()["version"], response.json()["state"]
        finally:
            pool.append(order)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""
