"""Reading an RFC 5322 message into what intake needs, whatever its encodings (no Django here).

Chinese mail arrives in UTF-8, GB2312/GBK/GB18030, as RFC 2047 encoded-words or as raw 8-bit header
bytes; quoted-printable and base64 bodies. Mail labelled GB2312 often holds GBK-only characters, so
the GB family is always decoded as GB18030 (its superset) and nothing is turned into "?".
"""

import email
import email.header
import email.utils
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from html import unescape

# Labels real clients put on GB-family text; GB18030 decodes all of them.
GB_FAMILY = frozenset(
    {"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "euc-cn", "x-euc-cn", "gb18030", "hz-gb-2312"}
)
FALLBACK_CHARSETS = ("utf-8", "gb18030", "big5")
MAX_TEXT = 20000


class MalformedMail(Exception):
    """The bytes cannot be read as a mail we can act on; `code` says why."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass
class MailAttachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class ParsedMail:
    message_id: str
    subject: str
    from_address: str
    from_name: str
    text: str
    in_reply_to: list[str] = field(default_factory=list)
    attachments: list[MailAttachment] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)


def codec_for(charset: str | None) -> str:
    name = (charset or "").strip().lower()
    return "gb18030" if name in GB_FAMILY else name


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode with the declared charset (GB family widened), else the usual suspects, never raising."""
    candidates = [codec_for(charset)] if charset else []
    for name in [*candidates, *FALLBACK_CHARSETS]:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def decode_header_text(raw: str) -> str:
    """One header's text: encoded-words decoded, raw 8-bit bytes (kept by the parser) recovered."""
    raw = re.sub(r"\r?\n[ \t]", " ", raw or "")
    parts = []
    try:
        chunks = email.header.decode_header(raw)
    except email.errors.HeaderParseError:
        chunks = [(raw, None)]
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            # Undecoded 8-bit bytes come back as surrogate escapes: re-read them as bytes.
            chunk = chunk.encode("ascii", "surrogateescape") if _has_surrogates(chunk) else chunk
        parts.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    return "".join(parts).strip()


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def raw_header(message: Message, name: str) -> str:
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return ""


def peek_subject(raw: bytes) -> str:
    """The subject of a mail that could not be parsed as a whole, for the list of failures."""
    try:
        message = email.message_from_bytes(raw, policy=policy.compat32)
        return decode_header_text(raw_header(message, "Subject"))[:300]
    except Exception:  # any parse failure only means "nothing usable here"
        return ""


def parse(raw: bytes) -> ParsedMail:
    """Parse `raw`; MalformedMail when there is no usable sender or nothing to read."""
    if not raw or not raw.strip():
        raise MalformedMail("empty", "The message is empty.")
    # compat32 keeps each header's raw text, so GB-labelled encoded-words are decoded as GB18030 here
    # rather than by the default policy's strict codec lookup.
    message = email.message_from_bytes(raw, policy=policy.compat32)
    defects = [type(d).__name__ for d in message.defects]
    if not list(message.raw_items()):
        raise MalformedMail("no_headers", "The message has no headers.")
    from_name, from_address = email.utils.parseaddr(decode_header_text(raw_header(message, "From")))
    from_address = from_address.strip().lower()
    if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", from_address):
        raise MalformedMail("no_sender", "The sender address is missing or invalid.")
    text, attachments = _walk(message, defects)
    subject = decode_header_text(raw_header(message, "Subject"))
    if not subject and not text.strip() and not attachments:
        raise MalformedMail("no_content", "The message has no subject, text or attachment.")
    return ParsedMail(
        message_id=_message_id(raw_header(message, "Message-ID")),
        subject=subject[:300],
        from_address=from_address[:254],
        from_name=from_name.strip()[:150],
        text=text.strip()[:MAX_TEXT],
        in_reply_to=_ids(raw_header(message, "In-Reply-To") + " " + raw_header(message, "References")),
        attachments=attachments,
        defects=defects,
    )


def _message_id(raw: str) -> str:
    ids = _ids(raw)
    return ids[0] if ids else ""


def _ids(raw: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", raw or "")


def _walk(message: Message, defects: list[str]) -> tuple[str, list[MailAttachment]]:
    plain, html, attachments = [], [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        defects.extend(type(d).__name__ for d in part.defects)
        payload = part.get_payload(decode=True) or b""
        filename = _filename(part)
        content_type = part.get_content_type()
        if filename or part.get_content_disposition() == "attachment" or not content_type.startswith("text/"):
            attachments.append(
                MailAttachment(
                    filename=filename or "attachment.bin", content_type=content_type, content=payload
                )
            )
            continue
        text = decode_bytes(payload, part.get_content_charset()).replace("\r\n", "\n")
        (html if content_type == "text/html" else plain).append(text)
    if plain:
        return "\n\n".join(plain), attachments
    return "\n\n".join(_html_to_text(h) for h in html), attachments


def _filename(part) -> str:
    """The attachment's name; RFC 2231 and encoded-word names in any charset decoded."""
    name = part.get_param("filename", header="content-disposition") or part.get_param("name")
    if name is None:
        return ""
    if isinstance(name, tuple):  # RFC 2231: (charset, language, value)
        charset, _lang, value = name
        return decode_bytes(bytes(value, "raw-unicode-escape"), charset)[:200]
    return decode_header_text(str(name))[:200]


def _html_to_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style).*?</\1>", "", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", html)
    text = re.sub(r"<[^>]+>", "", html)
    return re.sub(r"\n{3,}", "\n\n", unescape(text))
