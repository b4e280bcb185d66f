"""The demo's processes: gunicorn, one outbox worker and a local mail catcher, started and stopped together.

Without a worker nothing the outbox carries happens (notifications, SLA escalations, surveys, the
dashboard's summary refresh), so the demo runs one. Mail goes to a catcher on loopback that keeps each
message as a file, so notifications and password-reset links can be read without a real mail server.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

MAIL_HOST = "127.0.0.1"


@contextlib.contextmanager
def mail_catcher(directory: Path, port: int) -> Iterator[bool]:
    """An SMTP server writing every message into `directory` (a Maildir); yields False if unavailable."""
    try:
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Mailbox
    except ImportError:  # aiosmtpd comes with the dev extras that `make demo` installs
        yield False
        return
    directory.parent.mkdir(parents=True, exist_ok=True)
    controller = Controller(Mailbox(str(directory)), hostname=MAIL_HOST, port=port)
    try:
        controller.start()
    except OSError:  # port taken: mail then goes wherever FIXLOOP_EMAIL_* point
        yield False
        return
    try:
        yield True
    finally:
        controller.stop()


def run(commands: list[list[str]], *, env: dict[str, str] | None = None) -> int:
    """Run the commands (the first is the server) until one exits or we are told to stop; then stop all.

    Returns the server's exit status.
    """
    children = [subprocess.Popen(command, env=env) for command in commands]

    def stop(signum=None, frame=None):
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    stop()
    for child in children:
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return children[0].returncode


def worker_command() -> list[str]:
    return [sys.executable, "-m", "fixloop.cli", "worker"]
