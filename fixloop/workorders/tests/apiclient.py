"""A thin JSON client for API tests, authenticated per role."""

import json

from django.test import Client


class Api:
    def __init__(self, world, role: str, **extra_headers):
        self.client = Client()
        self.headers = {**world.headers(role), **extra_headers}

    def get(self, path: str, **params):
        return self.client.get(f"/api{path}", params, **self.headers)

    def post(self, path: str, body=None, **headers):
        return self.client.post(
            f"/api{path}",
            json.dumps(body or {}, default=str),
            content_type="application/json",
            **self.headers,
            **headers,
        )

    def act(self, number: str, version: int, action: str, payload: dict | None = None):
        return self.post(
            f"/orders/{number}/transitions", {"action": action, "version": version, "payload": payload or {}}
        )
