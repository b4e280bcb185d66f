"""Knowledge base in a real browser: suggestions while reporting, "this solved it", and a guided check."""

from fixloop.accounts.roles import Role
from fixloop.kb import index
from fixloop.kb.models import SelfService, TreeRun
from fixloop.kb.services import trees
from fixloop.kb.tests.factories import published_article
from fixloop.workorders.models import WorkOrder

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def test_suggestion_while_typing_solves_it_without_an_order(session, world, settings, tmp_path, screenshot):
    settings.FIXLOOP_KB_INDEX_DIR = tmp_path / "kb-index"
    article = published_article(world)
    index.rebuild()
    page = session.login("customer", **PHONE)
    page.goto("/portal/report/")
    page.select_option("#id_category", str(world.phones.pk))
    page.select_option("#id_model", str(world.phone_model.pk))  # the options htmx loaded for the category
    page.locator("#id_symptoms").press_sequentially("按电源键没有反应", delay=20)
    suggestion = page.locator(".kb-suggestion").first
    suggestion.wait_for()
    assert article.title in suggestion.inner_text()
    screenshot(page, "kb-report-suggestion")
    suggestion.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert SelfService.objects.filter(customer=world.customer, article=article).count() == 1
    assert WorkOrder.objects.count() == 0
    screenshot(page, "kb-self-resolved")


def test_guided_check_prefills_the_repair_request(session, world, settings, tmp_path):
    settings.FIXLOOP_KB_INDEX_DIR = tmp_path / "kb-index"
    manager = world.actor(Role.MANAGER)
    tree = trees.create_tree(actor=manager, category_id=world.phones.pk, title="手机无法开机")
    question = trees.add_node(actor=manager, tree_id=tree.pk, kind="question", text="充电时指示灯亮吗？")
    repair = trees.add_node(actor=manager, tree_id=tree.pk, kind="repair", text="需要检修主板", fault_category="power",
                            service_mode="on_site")  # fmt: skip
    trees.add_answer(actor=manager, node_id=question.pk, label="亮", next_id=repair.pk)
    trees.set_active(actor=manager, tree_id=tree.pk, active=True)
    page = session.login("customer")
    page.goto(f"/kb/help/trees/{tree.pk}/")
    # "text=亮" would also match the question "充电时指示灯亮吗？" above the answers: click the answer button.
    page.get_by_role("button", name="亮", exact=True).click()
    page.wait_for_url("**/kb/help/runs/**")
    page.click("a.button.primary")
    page.wait_for_url("**/portal/report/**")
    assert page.input_value("#id_symptoms") == "充电时指示灯亮吗？ 亮"
    assert page.input_value("#id_service_mode") == "on_site"
    assert TreeRun.objects.get().outcome == repair
