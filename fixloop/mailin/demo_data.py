"""Demo: inbound mail in the encodings Chinese customers really send, with its outcomes."""

import io
from email.message import EmailMessage
from email.utils import format_datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from fixloop.mailin import services
from fixloop.mailin.models import InboundMail
from fixloop.workorders.models import WorkOrder


def _mail(msg_id: str, sender: str, subject: str, body: str, *, charset: str = "utf-8", extra=None) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "飞修售后 <service@fixloop.local>"
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = msg_id
    for key, value in (extra or {}).items():
        message[key] = value
    message.set_content(body, charset=charset)
    return message


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def mails() -> list[bytes]:
    first = _mail(
        "<demo-mail-1@mail.example.cn>", "刘洋 <liuyang@example.cn>", "热水器点不着火，显示E1",
        "您好，我家的热水器从今天早上开始点不着火，屏幕显示E1，已经换过电池了。\n地址：杭州市西湖区文三路100号\n电话：13600002222",
        charset="gb18030",
    )  # fmt: skip
    photo = _mail(
        "<demo-mail-2@example.com>", "Zhou Min <zhoumin@example.com>", "洗碗机漏水（附照片）",
        "洗碗机底部一直漏水，照片见附件。机器买了一年半。",
    )  # fmt: skip
    photo.add_attachment(_photo(), maintype="image", subtype="jpeg", filename="漏水照片.jpg")
    reply = _mail(
        "<demo-mail-3@mail.example.cn>", "刘洋 <liuyang@example.cn>", "Re: 热水器点不着火，显示E1",
        "补充一下：燃气阀门是开着的，其他灶具都正常。\n\n> 您好，我家的热水器……",
        extra={"In-Reply-To": "<demo-mail-1@mail.example.cn>"},
    )  # fmt: skip
    # Someone quoting a real order number is not its customer: kept as failed, nothing posted.
    known = WorkOrder.objects.order_by("id").values_list("number", flat=True).first() or "RO-20260101-0001"
    stranger = _mail(
        "<demo-mail-4@spam.example>", "promo@spam.example", f"Re: [{known}] 优惠活动", "点击领取优惠券"
    )
    broken = (
        b"Subject: =?utf-8?B?5pWF6Zqc5oql5L+u?=\nMessage-ID: <demo-mail-5@broken.example>\n\n\xb9\xca\xd5\xcf"
    )
    return [first.as_bytes(), photo.as_bytes(), reply.as_bytes(), stranger.as_bytes(), broken]


def load() -> str | None:
    for raw in mails():
        services.receive(raw=raw, source=InboundMail.Source.DEMO)
    processed = InboundMail.objects.filter(status=InboundMail.Status.PROCESSED).count()
    failed = InboundMail.objects.filter(status=InboundMail.Status.FAILED).count()
    return _("Mail intake: {processed} processed, {failed} failed (kept for review).").format(
        processed=processed, failed=failed
    )
