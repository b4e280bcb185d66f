"""Email through Django's mail API over an explicit SMTP connection."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from fixloop.notifications.channels.base import DeliveryResult, Message

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEDUP_HEADER = "X-Fixloop-Dedup-Key"


def _by_smtp_code(code: int, detail: str) -> DeliveryResult:
    # RFC 5321: 4yz is transient, 5yz is permanent.
    return DeliveryResult.permanent(detail) if code >= 500 else DeliveryResult.retry(detail)


def classify_smtp_error(exc: Exception) -> DeliveryResult:
    """Map an smtplib/socket failure to an outcome."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        detail = f"recipients refused: {exc.recipients}"
        return _by_smtp_code(min(codes, default=550), detail)
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = "SMTP {} {}".format(
            exc.smtp_code,
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error,
        )
        return _by_smtp_code(exc.smtp_code, detail)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryResult.permanent(f"SMTP not supported: {exc}")
    # Disconnects, refused connections, timeouts, TLS hiccups.
    return DeliveryResult.retry(f"{exc.__class__.__name__}: {exc}")


@dataclass
class EmailChannel:
    """Sends text (and optional HTML) mail; each send opens and closes its own SMTP connection."""

    host: str
    port: int = 25
    username: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    from_email: str = "fixloop <noreply@localhost>"
    timeout: float = 10.0

    @classmethod
    def from_settings(cls) -> EmailChannel:
        """Build from Django's EMAIL_* settings (the same knobs Django's own mail uses)."""
        return cls(
            host=settings.EMAIL_HOST,
            port=settings.EMAIL_PORT,
            username=settings.EMAIL_HOST_USER,
            password=settings.EMAIL_HOST_PASSWORD,
            use_tls=settings.EMAIL_USE_TLS,
            use_ssl=settings.EMAIL_USE_SSL,
            from_email=settings.DEFAULT_FROM_EMAIL,
            timeout=settings.EMAIL_TIMEOUT or 10.0,
        )

    def connection(self):
        return get_connection(
            SMTP_BACKEND,
            host=self.host,
            port=self.port,
            username=self.username,
            password=self.password,
            use_tls=self.use_tls,
            use_ssl=self.use_ssl,
            timeout=self.timeout,
            fail_silently=False,
        )

    def build(self, message: Message) -> EmailMultiAlternatives:
        headers = {"Content-Language": message.language}
        if message.dedup_key:
            headers[DEDUP_HEADER] = message.dedup_key
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=self.from_email,
            to=[message.recipient],
            headers=headers,
            connection=self.connection(),
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        return email

    def send(self, message: Message) -> DeliveryResult:
        try:
            email = self.build(message)
            sent = email.send()
        except (smtplib.SMTPException, OSError) as exc:
            return classify_smtp_error(exc)
        except ValueError as exc:  # BadHeaderError and malformed addresses: resending will not fix them
            return DeliveryResult.permanent(f"invalid message: {exc}")
        if not sent:
            return DeliveryResult.permanent("no recipient accepted")
        return DeliveryResult.success(f"accepted for {message.recipient}")
