"""Demo: shifts for every engineer, dispatch policies, on-site visits in Shanghai and today's route plan."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import User
from fixloop.catalog.models import ProductModel
from fixloop.customers.models import Customer
from fixloop.organisation.models import Engineer, ServicePoint, Skill
from fixloop.scheduling.models import DispatchSettings, Level, Policy, RequiredLevel, Shift, SkillLevel
from fixloop.scheduling.planning import plan_day
from fixloop.workorders import services
from fixloop.workorders.models import WorkOrder

SERIAL = "DEMO-VISIT-{:02d}"
# (model code, symptoms, priority, engineer username or None, booked window today or None)
VISITS = [
    ("MY-L3150", "打印机卡纸，进纸后报错灯常亮", "normal", "engineer2", (10, 12)),
    ("MY-L3150", "打印出来有横条纹，清洗喷头无效", "low", "engineer2", None),
    ("MY-L3150", "办公室打印机无法连接 Wi-Fi", "high", None, None),
    ("HX-BOOK14", "笔记本开机黑屏，风扇在转", "urgent", "engineer", (9, 11)),
    ("HX-BOOK14", "键盘部分按键失灵，需上门检测", "normal", "engineer", (14, 16)),
    ("LM-AIR13", "笔记本进水后无法开机", "high", None, None),
    ("HX-P60", "手机主板故障，客户行动不便，申请上门取送", "normal", None, None),
    ("MY-L3150", "扫描仪无反应，驱动已重装", "normal", None, None),
]


def _actor(username: str) -> Actor:
    return Actor.for_user(
        User.objects.select_related("customer_profile", "engineer_profile").get(username=username)
    )


def _shifts() -> None:
    for engineer in Engineer.objects.all():
        for weekday in range(7):
            Shift.objects.get_or_create(
                engineer=engineer,
                weekday=weekday,
                defaults={
                    "start": dt.time(9),
                    "end": dt.time(18),
                    "break_start": dt.time(12),
                    "break_minutes": 60,
                },
            )
    board = Skill.objects.filter(code="phone-board").first()
    lead = Engineer.objects.filter(user__username="engineer").first()
    if board and lead:
        SkillLevel.objects.get_or_create(engineer=lead, skill=board, defaults={"level": Level.EXPERT})
        for model in ProductModel.objects.filter(skills=board):
            RequiredLevel.objects.get_or_create(
                product_model=model, skill=board, defaults={"level": Level.ADVANCED}
            )


def _visits(point: ServicePoint) -> int:
    if WorkOrder.objects.filter(device__serial=SERIAL.format(0)).exists():
        return 0
    agent, dispatcher = _actor("agent"), _actor("dispatcher")
    customers = [c for c in Customer.objects.order_by("id") if c.addresses.filter(city="上海").exists()]
    today = timezone.localdate()
    for i, (code, symptoms, priority, engineer, window) in enumerate(VISITS):
        customer = customers[(i * 3) % len(customers)]
        model = ProductModel.objects.get(code=code)
        intake = services.OrderIntake(
            symptoms=symptoms, service_mode="on_site", customer_id=customer.pk, channel="hotline",
            address_id=customer.addresses.filter(city="上海").first().pk,
            device=services.DeviceRef(serial=SERIAL.format(i), model_id=model.pk,
                                      purchase_date=today - dt.timedelta(days=120)),
        )  # fmt: skip
        order, _ = services.create_order(actor=agent, intake=intake)
        order = services.triage(
            actor=agent, number=order.number, expected_version=order.version, priority=priority,
            service_point_id=point.pk,
        )  # fmt: skip
        if engineer:
            profile = Engineer.objects.get(user__username=engineer)
            order = services.assign(
                actor=dispatcher, number=order.number, expected_version=order.version, engineer_id=profile.pk
            )
        if window:
            at = lambda h: timezone.make_aware(dt.datetime.combine(today, dt.time(h)))  # noqa: E731
            services.schedule(
                actor=dispatcher, number=order.number, expected_version=order.version,
                start=at(window[0]), end=at(window[1]),
            )  # fmt: skip
    return len(VISITS)


def load() -> str | None:
    point = ServicePoint.objects.filter(code="sh-xuhui").first()
    if point is None:
        return None
    _shifts()
    DispatchSettings.objects.get_or_create(service_point=point, defaults={"policy": Policy.BEST_SCORE})
    pudong = ServicePoint.objects.filter(code="sh-pudong").first()
    if pudong:
        DispatchSettings.objects.get_or_create(service_point=pudong, defaults={"policy": Policy.LEAST_LOADED})
    added = _visits(point)
    today = timezone.localdate()
    # Planned as the dispatcher would at 07:30, so the demo shows a full day whenever it is loaded.
    plan = plan_day(
        actor=Actor.system(), service_point_id=point.pk, date=today, trigger="demo",
        now=timezone.make_aware(dt.datetime.combine(today, dt.time(7, 30))),
    )  # fmt: skip
    stops = sum(route.stops.count() for route in plan.routes.all())
    return _(
        "Scheduling: shifts for {engineers} engineers, {visits} on-site visits; today's plan for {point}: "
        "{stops} stops, {left} left over."
    ).format(
        engineers=Engineer.objects.count(),
        visits=added,
        point=point.name,
        stops=stops,
        left=plan.leftovers.count(),
    )
