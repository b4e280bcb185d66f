"""WeCom, DingTalk and Feishu group bots: message formats, signing, and reply-code handling."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from fixloop.notifications.channels import (
    DingTalkBotChannel,
    FeishuBotChannel,
    Message,
    Outcome,
    WeComBotChannel,
    dingtalk_sign,
    feishu_sign,
)
from fixloop.notifications.channels.bots import truncate_utf8

SECRET = "SECdemo0secret"
MESSAGE = Message(recipient="售后二组", subject="SLA 预警", body="工单 WO-2026-0042 已用去 80% 时限。")
TEXT = "SLA 预警\n工单 WO-2026-0042 已用去 80% 时限。"


# Values computed outside Python with:
#   printf '1700000000000\nSECdemo0secret' | openssl dgst -sha256 -hmac 'SECdemo0secret' -binary | base64
#   printf '' | openssl dgst -sha256 -mac HMAC -macopt "key:1700000000<LF>SECdemo0secret" -binary | base64
DINGTALK_SIGN_AT_1700000000000 = "GLzKls9tMFl9DC/VOgYIGULJmjFn8w/X7IRlLY5831k="
FEISHU_SIGN_AT_1700000000 = "VZe3SDphXEVhGDpI1nHyNgqSYFDlak3EMcTgsWc9Kxo="


def test_dingtalk_sign_matches_hand_computed_value():
    assert dingtalk_sign(SECRET, 1_700_000_000_000) == DINGTALK_SIGN_AT_1700000000000


def test_feishu_sign_matches_hand_computed_value():
    assert feishu_sign(SECRET, 1_700_000_000) == FEISHU_SIGN_AT_1700000000


def test_dingtalk_signed_url_is_url_encoded():
    channel = DingTalkBotChannel(
        url="https://oapi.dingtalk.com/robot/send?access_token=abc",
        secret=SECRET,
        clock=lambda: 1_700_000_000.0,
    )

    assert channel.signed_url() == (
        "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000"
        "&sign=GLzKls9tMFl9DC%2FVOgYIGULJmjFn8w%2FX7IRlLY5831k%3D"
    )


def test_dingtalk_without_secret_leaves_the_url_alone():
    url = "https://oapi.dingtalk.com/robot/send?access_token=abc"
    assert DingTalkBotChannel(url=url).signed_url() == url


def test_dingtalk_message_is_received_signed(http_server):
    channel = DingTalkBotChannel(
        url=http_server.base_url + "/robot/send?access_token=tok",
        secret=SECRET,
        at_mobiles=["13800138000"],
        clock=lambda: 1_700_000_000.123,
    )

    result = channel.send(MESSAGE)

    assert result.outcome is Outcome.OK
    [request] = http_server.received
    assert request.path == "/robot/send"
    # What DingTalk does on its side: recompute the sign from the timestamp it received.
    timestamp = request.query["timestamp"][0]
    expected = hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert request.query == {
        "access_token": ["tok"],
        "timestamp": ["1700000000123"],
        "sign": [base64.b64encode(expected).decode()],
    }
    assert request.json() == {
        "msgtype": "text",
        "text": {"content": TEXT},
        "at": {"atMobiles": ["13800138000"], "isAtAll": False},
    }


def test_feishu_message_is_received_signed(http_server):
    http_server.reply = b'{"code":0,"data":{},"msg":"success"}'
    channel = FeishuBotChannel(
        url=http_server.base_url + "/open-apis/bot/v2/hook/x", secret=SECRET, clock=lambda: 1_700_000_000.9
    )

    result = channel.send(MESSAGE)

    assert result.outcome is Outcome.OK
    assert http_server.received[0].json() == {
        "timestamp": "1700000000",
        "sign": FEISHU_SIGN_AT_1700000000,
        "msg_type": "text",
        "content": {"text": TEXT},
    }


def test_feishu_without_secret_sends_no_sign(http_server):
    http_server.reply = b'{"StatusCode":0,"StatusMessage":"success"}'

    result = FeishuBotChannel(url=http_server.base_url + "/hook").send(MESSAGE)

    assert result.ok
    assert http_server.received[0].json() == {"msg_type": "text", "content": {"text": TEXT}}


def test_wecom_message_is_received(http_server):
    channel = WeComBotChannel(
        url=http_server.base_url + "/cgi-bin/webhook/send?key=k1",
        mentioned_list=["lishifu"],
        mentioned_mobile_list=["@all"],
    )

    result = channel.send(MESSAGE)

    assert result.outcome is Outcome.OK
    [request] = http_server.received
    assert request.query == {"key": ["k1"]}
    assert request.json() == {
        "msgtype": "text",
        "text": {"content": TEXT, "mentioned_list": ["lishifu"], "mentioned_mobile_list": ["@all"]},
    }


def test_wecom_content_is_cut_to_2048_utf8_bytes_on_a_character_boundary(http_server):
    long_body = "维" * 1000  # 3 bytes each

    assert WeComBotChannel(url=http_server.base_url + "/hook").send(Message("g", "", long_body)).ok

    content = http_server.received[0].json()["text"]["content"]
    assert content == "维" * 682
    assert len(content.encode()) == 2046


def test_truncate_utf8_keeps_short_text():
    assert truncate_utf8("短信", 2048) == "短信"


@pytest.mark.parametrize(
    ("channel_cls", "reply", "outcome"),
    [
        (WeComBotChannel, {"errcode": 45009, "errmsg": "api freq out of limit"}, Outcome.RETRYABLE),
        (WeComBotChannel, {"errcode": 93000, "errmsg": "invalid webhook url"}, Outcome.PERMANENT),
        (DingTalkBotChannel, {"errcode": 130101, "errmsg": "send too fast"}, Outcome.RETRYABLE),
        (DingTalkBotChannel, {"errcode": 310000, "errmsg": "sign not match"}, Outcome.PERMANENT),
        (FeishuBotChannel, {"code": 11232, "msg": "frequency limited"}, Outcome.RETRYABLE),
        (FeishuBotChannel, {"code": 19021, "msg": "sign match fail"}, Outcome.PERMANENT),
    ],
)
def test_platform_error_codes_inside_http_200(http_server, channel_cls, reply, outcome):
    http_server.reply = json.dumps(reply).encode()

    result = channel_cls(url=http_server.base_url + "/hook").send(MESSAGE)

    assert result.outcome is outcome
    assert result.detail.startswith(f"code {next(iter(reply.values()))}:")


@pytest.mark.parametrize("channel_cls", [WeComBotChannel, DingTalkBotChannel, FeishuBotChannel])
@pytest.mark.parametrize(("status", "outcome"), [(500, Outcome.RETRYABLE), (400, Outcome.PERMANENT)])
def test_bot_http_errors(http_server, channel_cls, status, outcome):
    http_server.status = status

    assert channel_cls(url=http_server.base_url + "/hook").send(MESSAGE).outcome is outcome


@pytest.mark.parametrize("channel_cls", [WeComBotChannel, DingTalkBotChannel, FeishuBotChannel])
def test_bot_closed_port_is_retryable(closed_url, channel_cls):
    assert channel_cls(url=closed_url).send(MESSAGE).outcome is Outcome.RETRYABLE


def test_bot_200_that_is_not_json_is_permanent(http_server):
    http_server.reply = b"<html>login required</html>"

    result = WeComBotChannel(url=http_server.base_url + "/hook").send(MESSAGE)

    assert result.outcome is Outcome.PERMANENT
    assert result.detail.startswith("unexpected reply: <html>")
