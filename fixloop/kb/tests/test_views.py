"""Knowledge-base pages through the test client: console authoring, portal help, suggestions and deflection."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.kb.models import Article, SelfService
from fixloop.kb.tests.conftest import deliver
from fixloop.kb.tests.factories import published_article
from fixloop.testing.i18n import shown
from fixloop.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


def login(client, world, role):
    client.force_login(world.users[role])
    return client


def article_post(world, **overrides):
    data = {"title": "P60 充电很慢", "symptoms": "充电一整晚只充到50%", "cause": "", "solution": "更换原装充电线\n清理充电口",
            "error_codes": "", "tags": "", "language": "zh-hans", "categories": [world.phones.pk],
            "product_models": [world.phone_model.pk]}  # fmt: skip
    return {**data, **overrides}


def test_agent_writes_a_draft_and_the_manager_publishes_it(client, world):
    response = login(client, world, Role.AGENT).post("/kb/console/new/", article_post(world))
    article = Article.objects.get(title="P60 充电很慢")
    assert response.status_code == 302 and response["Location"] == f"/kb/console/{article.pk}/"
    assert (
        client.post(f"/kb/console/{article.pk}/status/", {"version": 1, "status": "reviewed"}).status_code
        == 302
    )
    article.refresh_from_db()
    assert article.status == "draft"  # an agent may not review
    login(client, world, Role.MANAGER)
    client.post(f"/kb/console/{article.pk}/status/", {"version": 1, "status": "reviewed"})
    client.post(f"/kb/console/{article.pk}/status/", {"version": 2, "status": "published"})
    article.refresh_from_db()
    assert (article.status, article.version) == ("published", 3)
    page = client.get(f"/kb/console/{article.pk}/")
    assert page.status_code == 200 and "v3" in page.text


def test_missing_title_is_shown_next_to_the_field(client, world):
    response = login(client, world, Role.AGENT).post("/kb/console/new/", article_post(world, title=""))
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert Article.objects.count() == 0


def test_stale_edit_shows_a_form_error(client, world):
    article = published_article(world)
    response = login(client, world, Role.MANAGER).post(
        f"/kb/console/{article.pk}/", {**article_post(world), "version": 1}
    )
    assert response.status_code == 200
    assert shown("Someone else changed this article meanwhile; reload and try again.") in response.text
    article.refresh_from_db()
    assert article.title == "P60 手机无法开机"


@pytest.mark.parametrize("role", [Role.DISPATCHER, Role.WAREHOUSE])
def test_readers_cannot_open_the_editor(client, world, role):
    assert login(client, world, role).get("/kb/console/new/").status_code == 302
    assert login(client, world, role).get("/kb/console/").status_code == 200


def test_customer_cannot_open_console_pages(client, world):
    assert login(client, world, Role.CUSTOMER).get("/kb/console/").status_code == 302


def test_portal_help_lists_searches_and_counts_views(client, world):
    article = published_article(world)
    draft = Article.objects.create(title="草稿不可见", symptoms="x", solution="y")
    deliver()
    listing = client.get("/kb/help/", {"q": "开不了机"})
    assert article.title in listing.text and draft.title not in listing.text
    assert client.get(f"/kb/help/{article.pk}/").status_code == 200
    assert client.get(f"/kb/help/{draft.pk}/").status_code == 404
    article.refresh_from_db()
    assert article.views == 1


def test_report_form_suggests_and_this_solved_it_creates_no_order(client, world):
    article = published_article(world)
    deliver()
    login(client, world, Role.CUSTOMER)
    fragment = client.get(
        "/kb/help/suggest/", {"symptoms": "手机按电源键没反应", "model": world.phone_model.pk}
    )
    assert article.title in fragment.text and f"/kb/help/{article.pk}/solved/" in fragment.text
    response = client.post(f"/kb/help/{article.pk}/solved/", {"source": "report_form", "query": "手机按电源键没反应",
                                                              "model": world.phone_model.pk})  # fmt: skip
    assert response.status_code == 200
    record = SelfService.objects.get()
    assert (record.customer, record.source, record.product_model) == (
        world.customer,
        "report_form",
        world.phone_model,
    )
    assert WorkOrder.objects.count() == 0
    staff = login(client, world, Role.MANAGER).get("/kb/console/")
    assert staff.context["figures"]["self_resolved"] == 1


def test_solved_needs_a_customer(client, world):
    article = published_article(world)
    assert client.post(f"/kb/help/{article.pk}/solved/").status_code == 302  # to sign-in
    assert SelfService.objects.count() == 0


def test_votes(client, world):
    article = published_article(world)
    client.post(f"/kb/help/{article.pk}/vote/", {"helpful": "no"})
    article.refresh_from_db()
    assert article.helpful_no == 1


def test_dependent_selects(client, world):
    from fixloop.catalog.models import ProductCategory, ProductModel

    washers = ProductCategory.objects.create(code="washer", name="洗衣机")
    washer = ProductModel.objects.create(category=washers, brand="小天鹅", code="TG100", name="TG100 滚筒")
    published_article(world, title="滚筒不排水", category_ids=[washers.pk], model_ids=[washer.pk])
    options = client.get("/kb/help/models/", {"category": washers.pk}).text
    assert "TG100" in options and "P60" not in options
    symptoms = client.get("/kb/help/symptoms/", {"model": washer.pk}).text
    assert "滚筒不排水" in symptoms


def test_agent_intake_suggestions(client, world):
    published_article(world, error_codes="E3-01", title="显示E3-01")
    deliver()
    response = login(client, world, Role.AGENT).get(
        "/kb/console/suggest/", {"symptoms": "屏幕提示", "error_codes": "E3-01"}
    )
    assert "显示E3-01" in response.text
    assert "kb-suggestions" in client.get("/console/intake/").text


def test_api_search(client, world):
    article = published_article(world, error_codes="E3-01")
    deliver()
    response = client.get("/api/kb/search", {"q": "e3-01 怎么办"})
    assert response.status_code == 200 and response.json()[0]["id"] == article.pk
    assert client.get("/api/kb/search", {"q": " "}).json()["code"] == "kb_bad_query"
    assert client.get("/api/kb/articles/999999").status_code == 404


def test_report_form_keeps_working_with_photos_and_preferred_time(client, world, tmp_path):
    import datetime as dt
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "crack.png"
    login(client, world, Role.CUSTOMER)
    data = {"category": world.phones.pk, "serial": "SN-KB-1", "model": world.phone_model.pk, "symptoms": "屏幕碎了",
            "service_mode": "carry_in", "preferred_date": (dt.date.today() + dt.timedelta(days=1)).isoformat(),
            "preferred_window": "morning", "photos": [buffer]}  # fmt: skip
    response = client.post("/portal/report/", data)
    order = WorkOrder.objects.get(device__serial="SN-KB-1")
    assert response.status_code == 302
    assert order.attachments.count() == 1
    assert order.kb_intake.preferred_time.startswith((dt.date.today() + dt.timedelta(days=1)).isoformat())


def test_report_form_refuses_a_fake_photo_and_creates_nothing(client, world):
    import io

    fake = io.BytesIO(b"not an image")
    fake.name = "x.jpg"
    login(client, world, Role.CUSTOMER)
    response = client.post("/portal/report/", {"serial": "SN-KB-2", "model": world.phone_model.pk, "symptoms": "黑屏",
                                               "service_mode": "carry_in", "photos": [fake]})  # fmt: skip
    assert response.status_code == 200 and response.context["form"].errors["photos"]
    assert WorkOrder.objects.count() == 0


def test_report_form_refuses_a_model_from_another_category(client, world):
    from fixloop.catalog.models import ProductCategory

    washers = ProductCategory.objects.create(code="washer", name="洗衣机")
    login(client, world, Role.CUSTOMER)
    response = client.post("/portal/report/", {"category": washers.pk, "serial": "SN-KB-3", "model": world.phone_model.pk,
                                               "symptoms": "黑屏", "service_mode": "carry_in"})  # fmt: skip
    assert response.context["form"].errors["model"]
    assert WorkOrder.objects.count() == 0
