"""Parsing real RFC 5322 files: Chinese in every common encoding, attachments, malformed mail."""

from pathlib import Path

import pytest

from fixloop.mailin.parsing import MalformedMail, decode_header_text, parse

MAILS = Path(__file__).parent / "mails"


def read(name: str) -> bytes:
    return (MAILS / name).read_bytes()


def test_gb2312_label_with_gbk_only_characters_decodes_intact():
    mail = parse(read("new_gbk.eml"))
    assert mail.subject == "空调不制冷，朱镕家中急修"  # 镕 is GBK, not GB2312
    assert (mail.from_name, mail.from_address) == ("朱镕", "zhurong@example.cn")
    assert mail.message_id == "<20261124091203.4821@mail.example.cn>"
    assert "格力空调（型号 KFR-35GW，序列号 AC-GL-88231）从昨天开始不制冷" in mail.text
    assert "联系人：朱镕 13912345678" in mail.text
    assert "\r" not in mail.text


def test_folded_utf8_encoded_words_and_quoted_printable_body():
    mail = parse(read("encoded_word_qp.eml"))
    assert mail.subject == "洗衣机滚筒异响，漏水严重，请尽快上门维修"
    assert mail.from_name == "李秀英"
    assert "小天鹅洗衣机（TG100）脱水时滚筒声音很大" in mail.text


def test_multipart_prefers_plain_text_and_keeps_attachments_with_chinese_names():
    mail = parse(read("multipart_attachment.eml"))
    assert mail.subject == "冰箱报错E5，附照片和发票"
    assert mail.text.startswith("你好，附件是冰箱故障照片和购买发票。")
    assert "<p>" not in mail.text
    names = [(a.filename, a.content_type) for a in mail.attachments]
    assert names == [("故障照片.png", "image/png"), ("购买发票.pdf", "application/pdf")]
    assert mail.attachments[0].content.startswith(b"\x89PNG")
    assert mail.attachments[1].content.startswith(b"%PDF-1.4")


def test_raw_8bit_gbk_headers_without_mime_are_recovered():
    mail = parse(read("raw8bit_gbk.eml"))
    assert mail.subject == "电视机黑屏有声音"
    assert mail.from_name == "王芳"
    assert mail.text == "创维电视开机后黑屏，但是有声音，已经重启过。"


def test_reply_headers():
    mail = parse(read("reply.eml"))
    assert mail.subject == "回复：[{NUMBER}] 工单已受理"
    assert mail.in_reply_to == ["<notify-1@fixloop.local>"]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (read("malformed.eml"), "no_sender"),
        (b"", "empty"),
        (b"   \r\n", "empty"),
        (b"From: someone@example.com\n\n", "no_content"),
        (b"\x00\x01\x02 not a mail at all", "no_headers"),
    ],
)
def test_malformed_mail_is_refused_with_a_code(raw, code):
    with pytest.raises(MalformedMail) as info:
        parse(raw)
    assert info.value.code == code


def test_header_decoding_never_loses_characters():
    assert decode_header_text("=?GB2312?Q?=C4=E3=BA=C3?= world") == "你好 world"
    assert decode_header_text("=?big5?B?pl6rSA==?=") == "回信"
    assert decode_header_text("plain") == "plain"
