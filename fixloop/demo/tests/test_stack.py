"""The demo's process stack: mail lands in the catcher's folder; stopping the stack stops every child."""

import os
import socket
import subprocess
import sys

import pytest
from django.core.mail import EmailMessage, get_connection

from fixloop.demo import stack


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mail_catcher_keeps_each_message_as_a_file(tmp_path):
    port = _free_port()
    with stack.mail_catcher(tmp_path / "mail", port) as catching:
        assert catching
        connection = get_connection(
            "django.core.mail.backends.smtp.EmailBackend", host=stack.MAIL_HOST, port=port
        )
        EmailMessage("维修进度", "您的工单已完成", "a@fixloop.local", ["b@example.com"],
                     connection=connection).send()  # fmt: skip
    files = list((tmp_path / "mail" / "new").iterdir())
    assert len(files) == 1 and "b@example.com" in files[0].read_text()


def test_a_taken_port_is_reported_not_raised(tmp_path):
    with socket.socket() as taken:
        taken.bind((stack.MAIL_HOST, 0))
        taken.listen()
        with stack.mail_catcher(tmp_path / "mail", taken.getsockname()[1]) as catching:
            assert not catching


def test_when_the_server_exits_the_worker_is_stopped_too(tmp_path):
    # A "server" that exits after a moment beside a "worker" that would run for ever: the stack returns
    # the server's status and the worker is gone.
    marker = tmp_path / "worker.pid"
    worker_code = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(600)"
    server_code = "import sys, time; time.sleep(1); sys.exit(3)"
    script = tmp_path / "run.py"
    script.write_text(
        "import sys\n"
        "from fixloop.demo import stack\n"
        f"server = [sys.executable, '-c', {server_code!r}]\n"
        f"worker = [sys.executable, '-c', {worker_code!r}, {str(marker)!r}]\n"
        "sys.exit(stack.run([server, worker]))\n"
    )
    finished = subprocess.run([sys.executable, str(script)], timeout=60)
    assert finished.returncode == 3
    worker_pid = int(marker.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(worker_pid, 0)
