"""The demo company's last year of finished orders, imported at go-live as a real company would.

The rows go through fixloop's own importer (analytics.imports.run_import: customers, then devices,
then orders), so the demo exercises the real path and its validation. The history ends before the
live demo orders begin (timeline.WINDOW), and its contents are drawn from a fixed seed: the same
orders, dated relative to the day of loading. Afterwards the triage assistant is trained once, so
new orders get suggestions at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.analytics.imports import ImportResult, run_import
from fixloop.catalog.models import Device, ProductModel
from fixloop.customers.models import Customer
from fixloop.demo import data, timeline
from fixloop.organisation.models import Engineer
from fixloop.workorders.choices import NUMBER_PREFIX, Kind

COUNT = 420
SEED = 2025
DAYS = 365
SERIAL_PREFIX = "HIST-"  # marks the imported devices: the history is loaded once
LONGEST = dt.timedelta(days=14)  # the slowest order still closes before the live orders begin

# Faults per product category: (fault_category, weight, phrasings, error codes mentioned sometimes).
# The codes are the component codes the KB trees and the quality reports use (analytics.components).
FAULTS: dict[str, list[tuple[str, int, list[str], list[str]]]] = {
    "phone": [
        (
            "screen",
            20,
            [
                "屏幕摔碎了，触摸有一块没反应",
                "手机掉地上后屏幕裂了，显示还正常但划手",
                "屏幕出现一条绿线，时有时无",
                "触摸失灵，屏幕自己乱点、乱打字",
                "屏幕闪烁，亮度调到最低时会花屏",
                "外屏碎裂，内屏漏液出现黑斑",
                "The screen cracked after a drop and the bottom half ignores touch",
            ],
            [],
        ),
        (
            "battery",
            16,
            [
                "电池鼓包，后盖被顶起来了",
                "续航很差，充满电半天就没了",
                "电量还有百分之三十就自动关机",
                "电池健康度只剩 76%，想换一块电池",
                "天气一冷电量就掉得飞快，然后直接关机",
                "Battery drains within a few hours and the back cover is bulging",
            ],
            [],
        ),
        (
            "charging",
            12,
            [
                "无法充电，插上充电器没有任何反应",
                "充电口松动，要把线扶着才能充上",
                "充电特别慢，一晚上才充到六成",
                "提示充电配件不受支持，换了原装线也一样",
                "无线充电可以，插线充不进电",
            ],
            [],
        ),
        (
            "water",
            8,
            [
                "手机掉进水里，捞出来后开不了机",
                "下雨淋湿了，现在听筒有杂音、屏幕里有水印",
                "洒了咖啡在手机上，充电口有绿色腐蚀",
                "泡水后开机就反复重启",
            ],
            [],
        ),
        (
            "camera",
            7,
            [
                "后置摄像头拍照模糊，无法对焦",
                "打开相机黑屏，提示相机故障",
                "摄像头镜片碎了，拍出来有光斑",
                "拍照时镜头一直抖，还有咔咔声",
            ],
            [],
        ),
        (
            "audio",
            7,
            [
                "打电话听不到对方声音，外放正常",
                "扬声器破音，音量开大有沙沙声",
                "对方说听不到我说话，麦克风没声音",
                "没插耳机也一直显示耳机模式，外放没声",
            ],
            [],
        ),
        (
            "board",
            10,
            [
                "手机突然黑屏，充电也开不了机",
                "反复重启，卡在开机 logo 界面",
                "机身发烫很厉害，用一会儿就自动重启",
                "插卡后显示无服务，识别不到 SIM 卡",
                "Phone is completely dead: no vibration, no charging light",
            ],
            ["E3-01"],
        ),
        (
            "software",
            9,
            [
                "系统升级后很卡，应用经常闪退",
                "更新失败，一直停在恢复模式",
                "忘记锁屏密码，需要刷机解锁",
                "手机自己装了好多广告应用，怎么都删不掉",
            ],
            [],
        ),
        (
            "wifi",
            6,
            [
                "连不上家里的 WiFi，别的手机都可以",
                "蓝牙耳机经常断连",
                "WLAN 开关打不开，一直是灰色的",
                "WiFi 很慢，离路由器很近也只有一格",
            ],
            [],
        ),
    ],
    "laptop": [
        (
            "board",
            10,
            [
                "开机无显示，电源灯亮、风扇在转但是黑屏",
                "按电源键没有任何反应，换了适配器也不行",
                "开机后几秒就自动断电",
                "Laptop does not power on at all, charging light stays off",
            ],
            [],
        ),
        (
            "screen",
            8,
            [
                "屏幕闪烁，有彩色横条纹",
                "屏幕上有一条竖线，外接显示器正常",
                "屏幕很暗，用手电照才能看到画面",
                "合上盖子再打开后就花屏",
            ],
            [],
        ),
        (
            "keyboard",
            9,
            [
                "键盘部分按键失灵，A 和 S 键按了没反应",
                "键盘上洒了可乐，好几个键粘住了",
                "键盘自己乱输入字符",
                "触控板不灵，鼠标指针乱跳",
                "键盘背光不亮了",
            ],
            [],
        ),
        (
            "fan",
            8,
            [
                "风扇噪音很大，像拖拉机一样",
                "玩游戏时温度很高，然后自动关机",
                "风扇不转，机身烫手",
                "Fan is loud all the time and the laptop slows down when it gets hot",
            ],
            [],
        ),
        (
            "battery",
            6,
            [
                "电池不充电，显示已接通电源、未充电",
                "电池只能用四十分钟",
                "电池鼓包，把触控板顶起来了",
            ],
            [],
        ),
        (
            "software",
            9,
            [
                "经常蓝屏，错误代码 CRITICAL_PROCESS_DIED",
                "蓝屏后自动重启，提示 0x0000007E",
                "系统更新后进不了桌面，一直在自动修复",
                "开机很慢，要五分钟才能进桌面",
                "Blue screen several times a day since the last update",
            ],
            [],
        ),
        (
            "storage",
            5,
            [
                "开机提示 No bootable device，找不到启动设备",
                "硬盘有咔咔的异响，文件打不开",
                "固态硬盘识别不到，重装系统也看不到硬盘",
            ],
            [],
        ),
        (
            "wifi",
            5,
            [
                "无线网卡识别不到，WiFi 图标消失了",
                "WiFi 经常掉线，要重启才能连上",
                "蓝牙鼠标连不上电脑",
            ],
            [],
        ),
        (
            "hinge",
            4,
            [
                "转轴断了，合上屏幕时有咔咔声",
                "屏幕转轴很松，打开后立不住",
                "外壳在转轴处裂开了",
            ],
            [],
        ),
    ],
    "washer": [
        (
            "drain",
            10,
            [
                "洗衣机不排水，面板显示 E21",
                "洗完桶里还有水，报警 E21",
                "排水很慢，脱水时停下来报警",
                "排水泵嗡嗡响，但水排不出去",
            ],
            ["E21"],
        ),
        (
            "inlet",
            7,
            [
                "洗衣机不进水，显示 E10",
                "进水很慢，等很久才开始洗",
                "停机后进水阀关不住，还在往里进水",
            ],
            ["E10"],
        ),
        (
            "bearing",
            9,
            [
                "脱水时剧烈震动，整台机器都在移动",
                "滚筒转起来有很大的轰隆声",
                "脱水时噪音很大，像金属在摩擦",
                "用手转滚筒有咯噔咯噔的声音",
            ],
            [],
        ),
        (
            "door",
            6,
            [
                "门锁不上，显示 E30",
                "洗完了门打不开，一直亮着门锁图标",
                "机门把手断了，门关不严",
            ],
            ["E30"],
        ),
        (
            "leak",
            8,
            [
                "洗衣机底部漏水，地上一摊水",
                "门封圈破了，洗衣服时从门口漏水",
                "进水管接口处一直滴水",
            ],
            [],
        ),
        (
            "motor",
            5,
            [
                "滚筒不转，只听到嗡嗡声",
                "洗涤时转几下就停了",
                "电机有焦糊味，不能脱水",
            ],
            [],
        ),
        (
            "heater",
            5,
            [
                "洗衣水不热，显示 E40",
                "选了六十度洗涤，出来还是冷水",
            ],
            ["E40"],
        ),
        (
            "board",
            5,
            [
                "洗衣机通电没反应，面板不亮",
                "按键失灵，选不了程序",
                "面板乱闪，自己启动又停止",
            ],
            [],
        ),
    ],
    "aircon": [
        (
            "refrigerant",
            14,
            [
                "空调不制冷，吹出来的是自然风",
                "制冷效果差，开了一小时房间还是 28 度",
                "外机管子结霜，制冷越来越差",
                "去年加过氟，今年又不凉了",
                "Air conditioner blows warm air in cooling mode",
            ],
            [],
        ),
        (
            "compressor",
            6,
            [
                "外机风扇在转，压缩机不启动",
                "压缩机启动时声音很大，然后跳闸",
                "开机十分钟就停，外机不工作",
            ],
            [],
        ),
        (
            "fan",
            7,
            [
                "室内机噪音大，有咔咔的声音",
                "外机风扇不转",
                "出风很小，风速调到最大也没用",
            ],
            [],
        ),
        (
            "leak",
            10,
            [
                "室内机漏水，顺着墙往下流",
                "空调滴水，排水管好像堵了",
                "开制冷后出风口往外喷水雾",
            ],
            [],
        ),
        (
            "sensor",
            6,
            [
                "空调显示 E4，运行一会儿就停机",
                "温度显示不准，房间已经很冷还在制冷",
                "制热时报 E4 故障",
            ],
            ["E4"],
        ),
        (
            "board",
            6,
            [
                "开机几分钟后停机，显示 E1",
                "通电没反应，遥控器和面板都开不了",
                "空调自己开关机",
            ],
            ["E1"],
        ),
        ("remote", 4, ["遥控器按了没反应，换了电池也不行", "遥控器显示正常，但空调不接收信号"], []),
        ("power", 4, ["一开空调就跳闸", "空调插头发烫，有烧焦的味道"], []),
    ],
    "printer": [
        (
            "print_head",
            12,
            [
                "打印出来有横纹，颜色缺失",
                "黑色打不出来，清洗喷头也没用",
                "打印颜色偏色，红色变成了橙色",
                "照片上有一条条白线，像是喷头堵了",
            ],
            [],
        ),
        (
            "paper_feed",
            10,
            [
                "经常卡纸，提示 E-03",
                "不进纸，搓纸轮一直空转",
                "一次进好几张纸",
                "打出来的纸是皱的",
            ],
            ["E-03"],
        ),
        (
            "ink",
            8,
            [
                "提示 E-05 废墨垫已满，不能打印",
                "加了墨水还是提示缺墨",
                "墨仓漏墨，机器底部都是墨水",
            ],
            ["E-05"],
        ),
        ("wifi", 5, ["无线打印连不上，手机找不到打印机", "换了路由器以后打印机连不上网络"], []),
        ("scanner", 5, ["扫描出来有一条黑线", "扫描没反应，提示扫描仪错误"], []),
        ("power", 4, ["打印机开不了机，电源灯不亮", "开机后指示灯一直闪，不能打印"], []),
        ("software", 4, ["电脑识别不到打印机，驱动装不上", "升级系统后打印任务一直在排队"], []),
    ],
}

# Requests that are not repairs: (kind, product categories, weight, service mode, fault_category, phrasings).
REQUESTS: list[tuple[str, tuple[str, ...], int, str, str, list[str]]] = [
    (
        Kind.MAINTENANCE,
        ("aircon",),
        18,
        "on_site",
        "",
        [
            "夏天前请上门清洗空调",
            "空调滤网该清洗了，出风有异味",
            "清洗外机，顺便检查一下制冷剂压力",
            "Annual air conditioner cleaning before summer",
        ],
    ),
    (
        Kind.MAINTENANCE,
        ("washer",),
        14,
        "on_site",
        "",
        [
            "洗衣机滚筒清洗除垢",
            "洗衣机有霉味，需要深度清洁",
            "洗衣机年度保养检查",
        ],
    ),
    (
        Kind.MAINTENANCE,
        ("printer", "laptop"),
        12,
        "carry_in",
        "",
        [
            "定期保养：清洗喷头和进纸轮",
            "笔记本清灰、更换散热硅脂",
            "电脑用了两年，想做一次清灰保养",
        ],
    ),
    (
        Kind.TECHNICAL_SUPPORT,
        ("phone",),
        16,
        "remote",
        "software",
        [
            "换了新手机，不会把旧手机的资料迁移过来",
            "怎么关闭系统自动更新",
            "双卡设置后副卡收不到短信",
            "How do I back up my photos before the repair?",
        ],
    ),
    (
        Kind.TECHNICAL_SUPPORT,
        ("laptop",),
        12,
        "remote",
        "software",
        [
            "新电脑硬盘怎么分区",
            "Office 激活不了，提示产品密钥无效",
            "外接投影仪没有画面，怎么设置",
        ],
    ),
    (
        Kind.TECHNICAL_SUPPORT,
        ("printer", "aircon"),
        10,
        "remote",
        "wifi",
        [
            "手机怎么连接打印机无线打印",
            "空调 WiFi 模块怎么配网",
            "打印机驱动去哪里下载、怎么安装",
        ],
    ),
    (
        Kind.CONSULTATION,
        ("phone", "laptop", "washer", "aircon", "printer"),
        6,
        "remote",
        "",
        [
            "查询一下设备是否还在保修期内",
            "换屏幕大概需要多少钱",
            "空调移机怎么收费",
            "可以单独购买原装电池吗",
            "维修点周末营业吗",
            "以旧换新怎么办理",
            "Is my device still under warranty?",
        ],
    ),
    (
        Kind.TRAINING,
        ("printer", "aircon", "laptop"),
        14,
        "on_site",
        "",
        [
            "公司新买了十台打印机，请工程师上门讲解使用和加墨",
            "家里老人不会用空调遥控器，请上门教一下",
            "新笔记本使用培训：指纹、人脸登录和备份设置",
        ],
    ),
    (
        Kind.SUGGESTION,
        ("phone", "aircon"),
        3,
        "remote",
        "",
        [
            "建议上门服务能预约晚上的时间",
            "希望维修进度能短信通知",
            "建议手机提供延长保修的选项",
        ],
    ),
]
REPAIR_SHARE = 0.7
CATEGORY_WEIGHT = {"phone": 40, "laptop": 18, "washer": 14, "aircon": 16, "printer": 12}
# Air conditioners fail (and get cleaned) in summer: relative weight per month.
AIRCON_SEASON = {1: 2, 2: 2, 3: 3, 4: 6, 5: 9, 6: 12, 7: 14, 8: 13, 9: 7, 10: 3, 11: 2, 12: 2}
MODE_CHANNELS = {
    "carry_in": (["walk_in", "web", "app", "hotline"], [5, 2, 2, 1]),
    "pickup": (["web", "app", "hotline"], [4, 4, 2]),
    "on_site": (["hotline", "app", "web", "messaging"], [5, 3, 2, 1]),
    "remote": (["hotline", "web", "app", "email", "messaging"], [5, 2, 2, 1, 1]),
}
# Hours from intake to resolution per service mode.
DURATION = {"remote": (0.2, 24), "carry_in": (20, 170), "pickup": (48, 240), "on_site": (18, 96)}
PREFIXES = ["", "", "", "用了一年多了，", "最近一周", "前几天开始", "今天早上", "买了不到三个月，"]
SUFFIXES = ["", "", "", "，麻烦尽快安排", "，请问还在保修期内吗", "，着急用，请尽快处理"]
SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
)
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "霞", "平", "刚", "桂英", "建华", "文", "华", "金凤", "晓东", "海燕", "志强", "雪梅"]  # fmt: skip
NEW_CUSTOMERS = 140
WEAK_BATCH = ("LM-X5", "battery")
PARTNER_SHOP = next(code for code, _n, kind, *_ in data.SERVICE_POINTS if kind == "partner_shop")


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _customers(rng: random.Random) -> list[dict]:
    """Customers the history adds to the demo's own (a year of business knows more than twenty people)."""
    rows = []
    for i in range(NEW_CUSTOMERS):
        tier = rng.choices(["standard", "vip", "contract"], [16, 3, 1])[0]
        rows.append({
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN), "phone": f"139{i:04d}{2600 + i:04d}", "tier": tier,
            "kind": "company" if tier == "contract" else "person", "language": "en" if i % 9 == 8 else "zh-hans",
        })  # fmt: skip
    return rows


def _symptoms(rng: random.Random, phrasings: list[str], codes: list[str]) -> str:
    text = rng.choice(phrasings)
    if not text.isascii():
        text = rng.choice(PREFIXES) + text + rng.choice(SUFFIXES)
    if codes and not any(code in text for code in codes) and rng.random() < 0.5:
        text += f"（{rng.choice(codes)}）"
    return text


def _created(rng: random.Random, start: dt.datetime, span: float, category: str) -> dt.datetime:
    while True:
        moment = start + dt.timedelta(days=rng.uniform(0, span))
        if category != "aircon" or rng.random() < AIRCON_SEASON[moment.month] / 14:
            break
    local = timezone.localtime(moment)
    return local.replace(hour=rng.randint(8, 19), minute=rng.randint(0, 59), second=0, microsecond=0)


def generate(now: dt.datetime, *, count: int = COUNT, seed: int = SEED) -> tuple[list, list, list]:
    """(customer rows, device rows, order rows) for the importer; dated before the live orders begin."""
    rng = random.Random(seed)
    end = now - timeline.WINDOW - timeline.MARGIN - LONGEST
    start = end - dt.timedelta(days=DAYS) + LONGEST
    span = (end - start).total_seconds() / 86400
    customer_rows = _customers(rng)
    phones = list(Customer.objects.order_by("id").values_list("phone", flat=True)) + [
        r["phone"] for r in customer_rows
    ]
    models = {}
    for model in ProductModel.objects.select_related("category").prefetch_related("skills").order_by("id"):
        models.setdefault(model.category.code, []).append(model)
    engineers = list(
        Engineer.objects.select_related("user", "home_service_point")
        .prefetch_related("skills")
        .order_by("id")
    )
    points = {
        code: [e for e in engineers if e.home_service_point.categories.filter(code=code).exists()]
        for code in models
    }
    categories = [c for c in CATEGORY_WEIGHT if c in models]
    devices, orders, numbers = [], [], {}
    for i in range(count):
        category = rng.choices(categories, [CATEGORY_WEIGHT[c] for c in categories])[0]
        created = _created(rng, start, span, category)
        model = rng.choice(models[category])
        if rng.random() < REPAIR_SHARE:
            kind, mode, fault, text = (
                Kind.REPAIR,
                _repair_mode(rng, category),
                *_fault(rng, category, model, created, end),
            )
        else:
            kind, mode, fault, text = _request(rng, category)
        phone = rng.choice(phones[:20]) if rng.random() < 0.25 else rng.choice(phones)  # regulars come back
        serial = ""
        if kind != Kind.CONSULTATION and kind != Kind.SUGGESTION:
            serial = f"{SERIAL_PREFIX}{i:05d}"
            devices.append({"serial": serial, "model": model.code, "owner": phone,
                            "purchase_date": _purchase(rng, created, model).isoformat(),
                            "purchase_channel": rng.choice(["official_store", "online", "online", "dealer", "operator"])})  # fmt: skip
        point, engineer = _where(rng, category, model, mode, points)
        hours = rng.uniform(*DURATION[mode])
        resolved = created + dt.timedelta(hours=hours)
        closed = resolved + dt.timedelta(hours=rng.uniform(0.5, 72))
        cancelled = kind == Kind.REPAIR and rng.random() < 0.04
        day = created.date()
        prefix = NUMBER_PREFIX[kind]
        numbers[(prefix, day)] = numbers.get((prefix, day), 0) + 1
        orders.append({
            "number": f"{prefix}-{day:%Y%m%d}-{numbers[(prefix, day)]:04d}", "kind": kind.value,
            "channel": rng.choices(*MODE_CHANNELS[mode])[0], "service_mode": mode,
            "state": "cancelled" if cancelled else "closed", "customer": phone, "device": serial,
            "product_model": model.code, "service_point": point, "engineer": engineer, "symptoms": text,
            "fault_category": fault, "priority": _priority(kind, fault, text), "created_at": _local(created),
            "resolved_at": "" if cancelled else _local(resolved), "closed_at": _local(closed),
        })  # fmt: skip
    return customer_rows, devices, orders


# The priority an agent gave: low for requests that wait, high when the customer says it is pressing,
# urgent when that is a fault that can damage the home or the device further.
LOW_KINDS = (Kind.CONSULTATION, Kind.SUGGESTION, Kind.TRAINING)
PRESSING = ("尽快", "着急", "urgent", "ASAP")
HARMFUL = ("leak", "power", "water")


def _priority(kind: str, fault: str, text: str) -> str:
    if kind in LOW_KINDS:
        return "low"
    if any(word in text for word in PRESSING):
        return "urgent" if fault in HARMFUL else "high"
    return "normal"


def _repair_mode(rng: random.Random, category: str) -> str:
    if category in ("washer", "aircon"):
        return "on_site"
    return rng.choices(["carry_in", "pickup", "remote"], [7, 2, 1])[0]


def _fault(
    rng, category: str, model: ProductModel, created: dt.datetime, end: dt.datetime
) -> tuple[str, str]:
    faults = FAULTS[category]
    # A weak battery batch of one model: its battery faults rise over the year, as the quality reports show.
    rise = 1 + 4 * (1 - (end - created).days / DAYS) if model.code == WEAK_BATCH[0] else 1
    weights = [w * rise if code == WEAK_BATCH[1] else w for code, w, *_ in faults]
    code, _w, phrasings, codes = rng.choices(faults, weights)[0]
    return code, _symptoms(rng, phrasings, codes)


def _request(rng: random.Random, category: str) -> tuple[str, str, str, str]:
    fitting = [r for r in REQUESTS if category in r[1]]
    kind, _cats, _w, mode, fault, phrasings = rng.choices(fitting, [r[2] for r in fitting])[0]
    return kind, mode, fault, _symptoms(rng, phrasings, [])


def _purchase(rng: random.Random, created: dt.datetime, model: ProductModel) -> dt.date:
    """Early failures, a flat middle and wear-out past the warranty: the usual bathtub of months in service."""
    band = rng.choices(["early", "middle", "late"], [3, 5, 2])[0]
    warranty = model.warranty_months * 30.4
    days = {"early": (5, 90), "middle": (90, max(warranty, 120)), "late": (warranty, warranty + 540)}[band]
    return (created - dt.timedelta(days=rng.uniform(*days))).date()


def _where(rng, category: str, model: ProductModel, mode: str, points: dict) -> tuple[str, str]:
    """A service point covering the category and, for hands-on work, an engineer based there with a skill of the model."""
    if category in ("phone", "laptop") and rng.random() < 0.15:
        return PARTNER_SHOP, ""  # the authorised shop repairs with its own staff
    skills = {s.code for s in model.skills.all()}
    able = [e for e in points[category] if skills & {s.code for s in e.skills.all()}]
    if not able:
        return "", ""
    engineer = rng.choice(able)
    if mode == "remote":
        return engineer.home_service_point.code, ""
    return engineer.home_service_point.code, engineer.user.username


def loaded() -> bool:
    return Device.objects.filter(serial__startswith=SERIAL_PREFIX).exists()


class HistoryImportError(RuntimeError):
    pass


def _run(kind: str, rows: list[dict]) -> ImportResult:
    result = run_import(kind, _csv(rows), "csv", commit=True)
    if not result.committed:
        problems = "; ".join(f"row {e.row} {e.field}: {e.message}" for e in result.errors[:5])
        raise HistoryImportError(f"the demo's {kind} history did not import: {problems}")
    return result


@transaction.atomic
def load(now: dt.datetime | None = None, *, count: int = COUNT) -> int:
    """Import the year's customers, devices and closed orders once; returns the orders imported (0 if done)."""
    if loaded():
        return 0
    customers, devices, orders = generate(now or timezone.now(), count=count)
    _run("customers", customers)
    _run("devices", devices)
    return _run("orders", orders).created


def train() -> dict[str, dict]:
    """Train the triage assistant on the history (once per load); returns each target's readiness."""
    from fixloop.kb.models import TriageTraining
    from fixloop.kb.services import triage

    if not TriageTraining.objects.filter(ok=True).exists():
        triage.train_all()
    return {target: triage.readiness(target) for target in triage.TARGETS}


def summary(imported: int, readiness: dict[str, dict]) -> str:
    ready = sum(figures["ready"] for figures in readiness.values())
    return _(
        "Order history: {orders} finished orders of the past year imported; triage assistant ready for {ready} of {total} fields."
    ).format(orders=imported, ready=ready, total=len(readiness))
