"""`fixloop mail fetch`: read new messages from an IMAP folder into the intake service.

The folder is read by UID from where the last run stopped (kept per mailbox, reset when the server's
UIDVALIDITY changes); a message is marked \\Seen only after it is stored. Reading the same message twice
is harmless: intake de-duplicates on Message-ID.
"""

import imaplib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fixloop.mailin import services
from fixloop.mailin.models import InboundMail, MailboxState


@dataclass
class FetchReport:
    fetched: int = 0
    created: int = 0
    failed: list[str] = field(default_factory=list)


def connect(config: dict) -> imaplib.IMAP4:
    if not config["IMAP_HOST"]:
        raise ImproperlyConfigured("FIXLOOP_MAIL_IMAP_HOST is not set")
    cls = imaplib.IMAP4_SSL if config["IMAP_SSL"] else imaplib.IMAP4
    client = cls(config["IMAP_HOST"], config["IMAP_PORT"], timeout=config["IMAP_TIMEOUT"])
    client.login(config["IMAP_USER"], config["IMAP_PASSWORD"])
    return client


def fetch(*, limit: int | None = None) -> FetchReport:
    """Fetch what arrived since the last run; returns counts and the keys of mails that failed."""
    config = settings.FIXLOOP_MAIL
    report = FetchReport()
    client = connect(config)
    try:
        folder = config["IMAP_FOLDER"]
        _check(client.select(_quoted(folder)), "SELECT")
        validity = int((client.response("UIDVALIDITY")[1] or [b"0"])[0] or 0)
        state, _new = MailboxState.objects.get_or_create(
            mailbox=f"{config['IMAP_USER']}@{config['IMAP_HOST']}/{folder}"
        )
        if state.uid_validity != validity:
            state.uid_validity, state.last_uid = validity, 0
        for uid in _new_uids(client, state.last_uid)[:limit]:
            raw = _fetch_one(client, uid)
            if raw is not None:
                mail, created = services.receive(raw=raw, source=InboundMail.Source.IMAP)
                report.fetched += 1
                report.created += int(created)
                if mail.status == InboundMail.Status.FAILED:
                    report.failed.append(mail.message_key)
                client.uid("STORE", str(uid), "+FLAGS", "(\\Seen)")
            state.last_uid = uid
            state.save(update_fields=["uid_validity", "last_uid", "updated_at"])
        state.save(update_fields=["uid_validity", "last_uid", "updated_at"])
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return report


def _quoted(folder: str) -> str:
    return folder if re.fullmatch(r"[A-Za-z0-9._/-]+", folder) else '"' + folder.replace('"', '\\"') + '"'


def _check(answer, what: str):
    status, data = answer
    if status != "OK":
        raise imaplib.IMAP4.error(f"{what} failed: {data!r}")
    return data


def _new_uids(client: imaplib.IMAP4, last_uid: int) -> list[int]:
    data = _check(client.uid("SEARCH", None, f"UID {last_uid + 1}:*"), "SEARCH")
    # "n:*" always matches the newest message, even when its UID is below n: filter those out.
    return sorted(uid for uid in (int(x) for x in (data[0] or b"").split()) if uid > last_uid)


def _fetch_one(client: imaplib.IMAP4, uid: int) -> bytes | None:
    data = _check(client.uid("FETCH", str(uid), "(BODY.PEEK[])"), "FETCH")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None
