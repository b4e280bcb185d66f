"""Real local servers for channel tests: an aiosmtpd SMTP server and a threaded stdlib HTTP server."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SMTP_USER = "fixloop"
SMTP_PASSWORD = "s3cret-pass"


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingSmtpHandler:
    def __init__(self) -> None:
        self.envelopes: list = []
        self.rcpt_replies: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.rcpt_replies.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )
    # handled=False makes aiosmtpd answer 535 itself; its default (handled) leaves the client waiting.
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server():
    handler = RecordingSmtpHandler()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=_authenticator,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@dataclass
class Received:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body.decode("utf-8"))


@dataclass
class HttpRecorder:
    """What the local server received, and what it should answer (status, body, delay)."""

    received: list[Received] = field(default_factory=list)
    status: int = 200
    reply: bytes = b'{"errcode":0,"errmsg":"ok"}'
    delay: float = 0.0
    base_url: str = ""


def _handler_for(recorder: HttpRecorder):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            parts = urlsplit(self.path)
            recorder.received.append(
                Received(
                    parts.path, parse_qs(parts.query), {k.lower(): v for k, v in self.headers.items()}, body
                )
            )
            if recorder.delay:
                time.sleep(recorder.delay)
            try:
                self.send_response(recorder.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(recorder.reply)))
                self.end_headers()
                self.wfile.write(recorder.reply)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def log_message(self, format, *args):
            pass

    return Handler


@pytest.fixture
def http_server():
    recorder = HttpRecorder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(recorder))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    recorder.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def closed_url():
    return f"http://127.0.0.1:{free_port()}/hook"


class RestartableHttpServer:
    """A real local HTTP receiver on a fixed port that a test stops and starts again: a receiver that goes
    away and comes back. What it receives is recorded in `recorder`, across restarts."""

    def __init__(self) -> None:
        self.recorder = HttpRecorder()
        self.port = free_port()
        self.recorder.base_url = f"http://127.0.0.1:{self.port}"
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler_for(self.recorder))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = self._thread = None


@pytest.fixture
def restartable_http_server():
    server = RestartableHttpServer()
    try:
        yield server
    finally:
        server.stop()
