"""Load the demo company idempotently: master data by natural key, orders through the real services."""

import datetime as dt
import random
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import Partner, User, hash_key
from fixloop.accounts.roles import Role
from fixloop.catalog.models import ProductCategory, ProductModel
from fixloop.customers.models import Address, Customer
from fixloop.demo import data, timeline
from fixloop.demo.journeys import PATH_MODE, PATHS, PERFORMER, payload_for
from fixloop.organisation.models import Engineer, ServicePoint, Skill
from fixloop.workorders import services
from fixloop.workorders.models import WorkOrder


@transaction.atomic
def load_master() -> None:
    skills = {
        code: Skill.objects.update_or_create(code=code, defaults={"name": zh})[0]
        for code, zh, _en in data.SKILLS
    }
    categories = {
        code: ProductCategory.objects.update_or_create(code=code, defaults={"name": zh, "name_en": en})[0]
        for code, zh, en in data.CATEGORIES
    }
    for category, brand, code, name, months, needs in data.MODELS:
        model, _ = ProductModel.objects.update_or_create(
            brand=brand,
            code=code,
            defaults={"category": categories[category], "name": name, "warranty_months": months},
        )
        model.skills.set([skills[s] for s in needs])
    points = {}
    for code, name, kind, city, address, lat, lon, covers in data.SERVICE_POINTS:
        points[code], _ = ServicePoint.objects.update_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "city": city, "address": address, "latitude": lat, "longitude": lon,
                      "opening_hours": {d: ["09:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat")}},
        )  # fmt: skip
        points[code].categories.set([categories[c] for c in covers])
    for username, role, first, last, sps, engineer in data.STAFF:
        user = _user(username, role, first_name=first, last_name=last)
        user.service_points.set([points[c] for c in sps])
        if engineer:
            home, skill_codes = engineer
            profile, _ = Engineer.objects.update_or_create(
                user=user, defaults={"home_service_point": points[home]}
            )
            profile.skills.set([skills[s] for s in skill_codes])
    code, name, point = data.PARTNER
    Partner.objects.update_or_create(
        code=code,
        defaults={"name": name, "default_service_point": points[point], "api_key_hash": hash_key(data.DEMO_PARTNER_KEY),
                  "api_key_prefix": data.DEMO_PARTNER_KEY[:12]},
    )  # fmt: skip
    _customers()


def _user(username: str, role: str, **fields) -> User:
    # Every demo login has a mailbox (kept by the demo's mail catcher), so password reset can be tried.
    fields.setdefault("email", f"{username}@demo.fixloop.local")
    user, created = User.objects.get_or_create(username=username, defaults={"role": role, **fields})
    if created:
        user.set_password(data.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _customers() -> None:
    rng = random.Random(7)
    for i, name in enumerate(data.CUSTOMER_NAMES):
        phone = f"138{i:04d}{5000 + i:04d}"
        customer, _ = Customer.objects.get_or_create(
            phone=phone,
            defaults={
                "name": name,
                "tier": "vip" if i % 7 == 0 else "standard",
                "language": "en" if i % 5 == 4 else "zh-hans",
            },
        )
        if not customer.addresses.exists():
            city, district, street, lat, lon = data.DISTRICTS[i % len(data.DISTRICTS)]
            Address.objects.create(
                customer=customer, line=f"{city}市{district}{street.format(n=rng.randint(1, 999))}", district=district,
                city=city, latitude=round(lat + rng.uniform(-0.03, 0.03), 6), longitude=round(lon + rng.uniform(-0.03, 0.03), 6),
                is_default=True,
            )  # fmt: skip
    customer = Customer.objects.get(phone="13800005000")
    if customer.user_id is None:
        customer.user = _user("customer", Role.CUSTOMER, first_name="伟", last_name="张")
        customer.save(update_fields=["user"])


def load_orders(count: int = 48, seed: int = 2026) -> int:
    """Orders in every state, each carried there by the lifecycle services. Skipped if orders exist."""
    if WorkOrder.objects.exists():
        return 0
    rng = random.Random(seed)
    timing = random.Random(seed + 1)  # its own stream: the orders' contents stay those of `seed`
    now = timezone.now()
    actors = {role: _actor(username) for role, username in _PERFORMERS.items()}
    engineer = Engineer.objects.get(user__username="engineer")
    customers = list(Customer.objects.order_by("id"))
    models = list(ProductModel.objects.select_related("category").order_by("id"))
    for i in range(count):
        name = list(PATHS)[i % len(PATHS)]
        mode, in_warranty = PATH_MODE[name]
        customer = (
            customers[0] if i % 4 == 0 else rng.choice(customers)
        )  # the demo customer has several orders
        model = models[i % 3] if mode != "on_site" else rng.choice(models[5:7])
        symptoms, codes, frequency = rng.choice(data.SYMPTOMS[model.category.code])
        days_old = rng.randint(30, 300) if in_warranty else rng.randint(800, 1500)
        intake = services.OrderIntake(
            symptoms=symptoms, error_codes=codes, fault_frequency=frequency, service_mode=mode, customer_id=customer.pk,
            channel=rng.choice(["web", "hotline", "walk_in", "app"]),
            device=services.DeviceRef(serial=f"DEMO{seed}{i:05d}", model_id=model.pk,
                                      purchase_date=timezone.localdate() - dt.timedelta(days=days_old)),
        )  # fmt: skip
        order, _ = services.create_order(actor=actors[Role.AGENT], intake=intake)
        customer_actor = _customer_actor(customer, actors)
        stop = rng.randint(0, len(PATHS[name])) if i >= len(PATHS) else len(PATHS[name])
        for action in PATHS[name][:stop]:
            actor = customer_actor if PERFORMER[action] == Role.CUSTOMER else actors[PERFORMER[action]]
            payload = payload_for(action, order, engineer_id=engineer.pk, service_point_id=engineer.home_service_point_id,
                                  signer=customer.name)  # fmt: skip
            order = services.TRANSITION_SERVICES[action](
                actor=actor, number=order.number, expected_version=order.version, **payload
            )
        timeline.spread(order, timing, now)  # each step back in time, with realistic delays
    _partner_orders(models, rng)
    return WorkOrder.objects.count()


def _partner_orders(models: list[ProductModel], rng: random.Random) -> None:
    """A few requests the dealer submitted for its own customers through the API."""
    partner = Partner.objects.get(code=data.PARTNER[0])
    for i, (name, phone) in enumerate(
        [("郑强", "13600001111"), ("冯雪", "13600002222"), ("Alex Chen", "13600003333")]
    ):
        model = models[i % 3]
        symptoms, codes, frequency = rng.choice(data.SYMPTOMS[model.category.code])
        intake = services.OrderIntake(
            symptoms=symptoms, error_codes=codes, fault_frequency=frequency, service_mode="carry_in",
            customer=services.NewCustomer(name=name, phone=phone),
            device=services.DeviceRef(serial=f"DEALER{i:05d}", model_id=model.pk,
                                      purchase_date=timezone.localdate() - dt.timedelta(days=60 * (i + 1))),
        )  # fmt: skip
        services.create_order(actor=Actor.for_partner(partner), intake=intake)


_PERFORMERS = {
    Role.AGENT: "agent",
    Role.DISPATCHER: "dispatcher",
    Role.ENGINEER: "engineer",
    Role.WAREHOUSE: "warehouse",
    Role.MANAGER: "manager",
}


def _actor(username: str) -> Actor:
    return Actor.for_user(
        User.objects.select_related("customer_profile", "engineer_profile").get(username=username)
    )


def _customer_actor(customer: Customer, actors: dict) -> Actor:
    # Customers without a portal login approve by phone: the agent records it on their behalf.
    if customer.user_id:
        return _actor(customer.user.username)
    return actors[Role.AGENT]


def logins() -> list[tuple[str, str, str]]:
    """(role, username, password) per role, plus the partner's API key."""
    rows = [
        (str(Role(role).label), username, data.DEMO_PASSWORD)
        for username, role, *_ in data.STAFF
        if not username[-1].isdigit()
    ]
    rows.insert(0, (str(Role.CUSTOMER.label), "customer", data.DEMO_PASSWORD))
    rows.append((str(Role.PARTNER.label), "X-API-Key", data.DEMO_PARTNER_KEY))
    return rows


def load_modules() -> list[str]:
    """Each app's `demo_data.load()` (idempotent, after master data and orders); returns their summaries."""
    summaries = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo_data"
        if config.name.startswith("fixloop.") and config.name != "fixloop.demo" and find_spec(module_name):
            summary = import_module(module_name).load()
            if summary:
                summaries.append(str(summary))
    return summaries
