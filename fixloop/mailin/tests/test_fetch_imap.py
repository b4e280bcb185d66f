"""`fixloop mail fetch` against a real IMAP server (pymap, in memory) started by the test."""

import imaplib
import io
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fixloop.mailin.fetching import fetch
from fixloop.mailin.models import InboundMail, MailboxState
from fixloop.workorders.models import WorkOrder

MAILS = Path(__file__).parent / "mails"
PYMAP = shutil.which("pymap") or str(Path(sys.executable).with_name("pymap"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def imap_server():
    if not Path(PYMAP).exists():
        pytest.skip("pymap (dev dependency) is not installed")
    port = free_port()
    process = subprocess.Popen(
        [PYMAP, "--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the IMAP server did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def mailbox(imap_server, settings):
    settings.FIXLOOP_MAIL = {
        **settings.FIXLOOP_MAIL, "IMAP_HOST": "127.0.0.1", "IMAP_PORT": imap_server, "IMAP_SSL": False,
        "IMAP_USER": "demouser", "IMAP_PASSWORD": "demopass", "IMAP_FOLDER": "INBOX", "IMAP_TIMEOUT": 10,
    }  # fmt: skip
    client = imaplib.IMAP4("127.0.0.1", imap_server, timeout=10)
    client.login("demouser", "demopass")

    def deliver(*names: str) -> None:
        for name in names:
            assert client.append("INBOX", None, None, (MAILS / name).read_bytes())[0] == "OK"

    yield deliver, client
    client.logout()


def unseen(client) -> list[bytes]:
    client.select("INBOX")
    return client.uid("SEARCH", None, "UNSEEN")[1][0].split()


def test_fetch_reads_new_mail_once_and_marks_it_seen(world, mailbox):
    deliver, client = mailbox
    deliver("new_gbk.eml", "multipart_attachment.eml", "malformed.eml")
    report = fetch()
    assert (report.fetched, report.created, report.failed) == (3, 3, ["<broken-1@example.invalid>"])
    assert set(WorkOrder.objects.values_list("channel", flat=True)) == {"email"}
    assert WorkOrder.objects.count() == 2
    assert InboundMail.objects.filter(source="imap").count() == 3
    assert unseen(client) == []
    assert fetch().fetched == 0  # nothing new since the last UID

    deliver("encoded_word_qp.eml")
    report = fetch()
    assert (report.fetched, report.created) == (1, 1)
    assert WorkOrder.objects.filter(symptoms__startswith="洗衣机滚筒异响").count() == 1


def test_reading_everything_again_creates_nothing(world, mailbox):
    deliver, _client = mailbox
    deliver("new_gbk.eml", "raw8bit_gbk.eml")
    fetch()
    MailboxState.objects.all().delete()  # a lost checkpoint (or a new UIDVALIDITY) means reading from the start
    report = fetch()
    assert (report.fetched, report.created) == (2, 0)
    assert WorkOrder.objects.count() == 2 and InboundMail.objects.count() == 2


def test_the_command(world, mailbox, settings):
    deliver, _client = mailbox
    deliver("new_gbk.eml")
    out = io.StringIO()
    call_command("mail", "fetch", stdout=out)
    assert out.getvalue().strip() == "fetched 1, new 1, failed 0"
    settings.FIXLOOP_MAIL = {**settings.FIXLOOP_MAIL, "IMAP_PASSWORD": "wrong"}
    with pytest.raises(CommandError):
        call_command("mail", "fetch", stdout=io.StringIO())


def test_fetch_without_a_configured_server_is_refused(world, settings):
    settings.FIXLOOP_MAIL = {**settings.FIXLOOP_MAIL, "IMAP_HOST": ""}
    with pytest.raises(CommandError):
        call_command("mail", "fetch", stdout=io.StringIO())
    from fixloop.mailin.jobs import fetch_mail

    assert fetch_mail(None) == 0
