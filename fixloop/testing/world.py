"""A small, realistic world for tests: catalogue, service points, one user per role, a partner."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import Partner, User
from fixloop.accounts.roles import Role
from fixloop.accounts.services import create_token, rotate_partner_key
from fixloop.catalog.models import Device, ProductCategory, ProductModel
from fixloop.customers.models import Customer
from fixloop.organisation.models import Engineer, ServicePoint, Skill
from fixloop.workorders import services

PASSWORD = "fixloop-test-pass"


@dataclass
class World:
    phones: ProductCategory
    phone_model: ProductModel
    centre: ServicePoint
    other_centre: ServicePoint
    users: dict[str, User]
    engineer: Engineer
    other_engineer: Engineer
    customer: Customer
    other_customer: Customer
    partner: Partner
    other_partner: Partner
    partner_key: str
    other_partner_key: str

    def actor(self, role: str) -> Actor:
        if role == Role.PARTNER:
            return Actor.for_partner(self.partner)
        user = User.objects.select_related("customer_profile", "engineer_profile").get(pk=self.users[role].pk)
        return Actor.for_user(user)

    def token(self, role: str) -> str:
        return create_token(user=self.users[role])

    def headers(self, role: str) -> dict:
        if role == Role.PARTNER:
            return {"HTTP_X_API_KEY": self.partner_key}
        if role == "other_partner":
            return {"HTTP_X_API_KEY": self.other_partner_key}
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token(role)}"}


def make_user(username: str, role: str, **extra) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)


def build_world() -> World:
    phones = ProductCategory.objects.create(code="phone", name="手机", name_en="Phones")
    board = Skill.objects.create(code="phone-board", name="手机主板维修")
    model = ProductModel.objects.create(
        category=phones, brand="Huaxin", code="HX-P60", name="P60", warranty_months=12
    )
    model.skills.add(board)
    centre = ServicePoint.objects.create(code="sh-xuhui", name="上海徐汇维修中心", city="上海")
    other = ServicePoint.objects.create(code="bj-haidian", name="北京海淀维修中心", city="北京")
    users = {
        role: make_user(role, role)
        for role in (Role.AGENT, Role.DISPATCHER, Role.ENGINEER, Role.WAREHOUSE, Role.MANAGER)
    }
    for role in (Role.AGENT, Role.DISPATCHER, Role.WAREHOUSE):
        users[role].service_points.add(centre)
    users["other_agent"] = make_user("other_agent", Role.AGENT)
    users["other_agent"].service_points.add(other)
    engineer = Engineer.objects.create(user=users[Role.ENGINEER], home_service_point=centre)
    engineer.skills.add(board)
    users["other_engineer"] = make_user("other_engineer", Role.ENGINEER)
    other_engineer = Engineer.objects.create(user=users["other_engineer"], home_service_point=other)
    users[Role.CUSTOMER] = make_user("customer", Role.CUSTOMER)
    users["other_customer"] = make_user("other_customer", Role.CUSTOMER)
    customer = Customer.objects.create(name="张伟", phone="13800001234", user=users[Role.CUSTOMER])
    other_customer = Customer.objects.create(name="李娜", phone="13900005678", user=users["other_customer"])
    partner = Partner.objects.create(code="dealer-a", name="东方数码", default_service_point=centre)
    other_partner = Partner.objects.create(code="dealer-b", name="西城电器")
    return World(
        phones=phones,
        phone_model=model,
        centre=centre,
        other_centre=other,
        users=users,
        engineer=engineer,
        other_engineer=other_engineer,
        customer=customer,
        other_customer=other_customer,
        partner=partner,
        other_partner=other_partner,
        partner_key=rotate_partner_key(partner=partner),
        other_partner_key=rotate_partner_key(partner=other_partner),
    )


def intake(
    world: World, *, mode: str = "carry_in", serial: str = "SN-TEST-0001", in_warranty: bool = True, **extra
):
    purchase = timezone.localdate() - dt.timedelta(days=100 if in_warranty else 800)
    return services.OrderIntake(
        symptoms="手机无法开机，充电无反应",
        service_mode=mode,
        customer_id=world.customer.pk,
        device=services.DeviceRef(serial=serial, model_id=world.phone_model.pk, purchase_date=purchase),
        **extra,
    )


def new_order(world: World, **kwargs):
    order, _created = services.create_order(actor=world.actor(Role.AGENT), intake=intake(world, **kwargs))
    return order


def existing_device(world: World, serial: str, **fields) -> Device:
    return Device.objects.create(serial=serial, model=world.phone_model, owner=world.customer, **fields)
