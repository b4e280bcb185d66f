"""Fault trees: authoring guards, walking (portal and agent), outcome counters and the prefilled repair request."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.core.errors import Forbidden, ValidationFailed
from fixloop.kb.models import TreeRun
from fixloop.kb.services import trees
from fixloop.kb.tests.factories import published_article
from fixloop.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(world):
    manager = world.actor(Role.MANAGER)
    article = published_article(world)
    tree = trees.create_tree(actor=manager, category_id=world.phones.pk, title="手机无法开机")
    q1 = trees.add_node(actor=manager, tree_id=tree.pk, kind="question", text="充电时指示灯亮吗？")
    fix = trees.add_node(
        actor=manager, tree_id=tree.pk, kind="article", text="可能是电量耗尽", article_id=article.pk
    )
    repair = trees.add_node(actor=manager, tree_id=tree.pk, kind="repair", text="需要检修主板", fault_category="power",
                            service_mode="carry_in")  # fmt: skip
    no = trees.add_answer(actor=manager, node_id=q1.pk, label="不亮", next_id=fix.pk)
    yes = trees.add_answer(actor=manager, node_id=q1.pk, label="亮", next_id=repair.pk)
    trees.set_active(actor=manager, tree_id=tree.pk, active=True)
    tree.refresh_from_db()
    return {"tree": tree, "q1": q1, "fix": fix, "repair": repair, "no": no, "yes": yes, "article": article}


def test_only_managers_author(world):
    with pytest.raises(Forbidden):
        trees.create_tree(actor=world.actor(Role.AGENT), category_id=world.phones.pk, title="x")


def test_first_node_is_the_root_and_answers_stay_in_their_tree(world, tree):
    assert tree["tree"].root == tree["q1"]
    other = trees.create_tree(actor=world.actor(Role.MANAGER), category_id=world.phones.pk, title="其他")
    foreign = trees.add_node(actor=world.actor(Role.MANAGER), tree_id=other.pk, kind="question", text="?")
    with pytest.raises(ValidationFailed) as refused:
        trees.add_answer(
            actor=world.actor(Role.MANAGER), node_id=tree["q1"].pk, label="x", next_id=foreign.pk
        )
    assert refused.value.code == "tree_bad_next"
    with pytest.raises(ValidationFailed):
        trees.add_answer(
            actor=world.actor(Role.MANAGER), node_id=tree["fix"].pk, label="x", next_id=tree["q1"].pk
        )


def test_article_outcome_needs_a_published_article(world, tree):
    with pytest.raises(ValidationFailed) as refused:
        trees.add_node(
            actor=world.actor(Role.MANAGER),
            tree_id=tree["tree"].pk,
            kind="article",
            text="x",
            article_id=None,
        )
    assert refused.value.details == {"field": "article"}


def test_tampered_path_is_refused(world, tree):
    with pytest.raises(ValidationFailed):
        trees.walk(tree_id=tree["tree"].pk, path=[tree["no"].pk, tree["yes"].pk])


def test_portal_walk_to_self_service_counts_a_solved_run(client, world, tree):
    client.force_login(world.users[Role.CUSTOMER])
    page = client.get(f"/kb/help/trees/{tree['tree'].pk}/")
    assert "充电时指示灯亮吗？" in page.text
    response = client.post(f"/kb/help/trees/{tree['tree'].pk}/finish/", {"path": str(tree["no"].pk)})
    run = TreeRun.objects.get()
    assert response["Location"] == f"/kb/help/runs/{run.pk}/"
    assert tree["article"].title in client.get(response["Location"]).text
    client.post(f"/kb/help/{tree['article'].pk}/solved/", {"source": "fault_tree", "tree_run": run.pk})
    run.refresh_from_db()
    assert run.solved and run.outcome == tree["fix"]
    counts = {o.pk: (o.walks, o.solved, o.orders) for o in trees.outcome_counts(tree["tree"])}
    assert counts == {tree["fix"].pk: (1, 1, 0), tree["repair"].pk: (0, 0, 0)}


def test_portal_walk_to_repair_prefills_the_report_and_links_the_order(client, world, tree):
    client.force_login(world.users[Role.CUSTOMER])
    client.post(f"/kb/help/trees/{tree['tree'].pk}/finish/", {"path": str(tree["yes"].pk)})
    run = TreeRun.objects.get()
    form = client.get("/portal/report/", {"tree_run": run.pk}).context["form"]
    assert form.initial["symptoms"] == "充电时指示灯亮吗？ 亮"
    assert (form.initial["service_mode"], form.initial["category"]) == ("carry_in", world.phones.pk)
    client.post("/portal/report/", {"serial": "SN-TREE-1", "model": world.phone_model.pk, "symptoms": form.initial["symptoms"],
                                    "service_mode": "carry_in", "tree_run": run.pk})  # fmt: skip
    order = WorkOrder.objects.get(device__serial="SN-TREE-1")
    run.refresh_from_db()
    assert run.order == order
    assert order.kb_intake.fault_category == "power"
    counts = {o.pk: o.orders for o in trees.outcome_counts(tree["tree"])}
    assert counts[tree["repair"].pk] == 1


def test_someone_elses_run_is_not_prefilled_or_shown(client, world, tree):
    client.force_login(world.users[Role.CUSTOMER])
    client.post(f"/kb/help/trees/{tree['tree'].pk}/finish/", {"path": str(tree["yes"].pk)})
    run = TreeRun.objects.get()
    client.force_login(world.users["other_customer"])
    assert client.get(f"/kb/help/runs/{run.pk}/").status_code == 404
    assert client.get("/portal/report/", {"tree_run": run.pk}).context["form"].initial == {}


def test_agent_walks_with_the_caller_and_managers_see_counts(client, world, tree):
    client.force_login(world.users[Role.AGENT])
    assert client.get(f"/kb/console/trees/{tree['tree'].pk}/walk/").status_code == 200
    response = client.post(f"/kb/console/trees/{tree['tree'].pk}/finish/", {"path": str(tree["yes"].pk)})
    assert response.status_code == 302
    assert "power" in client.get(response["Location"]).text
    assert TreeRun.objects.get().channel == "agent"
    assert client.get("/kb/console/trees/outcomes/").status_code == 302  # managers only
    client.force_login(world.users[Role.MANAGER])
    page = client.get("/kb/console/trees/outcomes/")
    assert page.status_code == 200 and "需要检修主板" in page.text


def test_manager_authors_through_pages(client, world):
    client.force_login(world.users[Role.MANAGER])
    response = client.post("/kb/console/trees/", {"category": world.phones.pk, "title": "手机屏幕问题"})
    tree_url = response["Location"]
    client.post(tree_url, {"form": "node", "node-kind": "question", "node-text": "屏幕有裂痕吗？"})
    client.post(tree_url, {"form": "node", "node-kind": "repair", "node-text": "更换屏幕", "node-fault_category": "screen",
                           "node-service_mode": "carry_in"})  # fmt: skip
    from fixloop.kb.models import FaultTree

    tree = FaultTree.objects.get(title="手机屏幕问题")
    q, repair = tree.nodes.order_by("id")
    client.post(
        tree_url, {"form": "answer", "answer-node": q.pk, "answer-label": "有", "answer-next": repair.pk}
    )
    client.post(tree_url, {"form": "active", "active": "1"})
    tree.refresh_from_db()
    assert tree.active and tree.root == q and q.answers.get().next == repair
    bad = client.post(tree_url, {"form": "node", "node-kind": "article", "node-text": "x"})
    assert bad.context["node_form"].errors["article"]


@pytest.mark.parametrize(("role", "offered"), [(Role.AGENT, True), (Role.ENGINEER, False), (Role.WAREHOUSE, False)])
def test_a_staff_walk_offers_a_new_order_only_to_roles_that_take_requests(client, world, tree, role, offered):
    client.force_login(world.users[role])
    client.post(f"/kb/console/trees/{tree['tree'].pk}/finish/", {"path": str(tree["yes"].pk)})
    run = TreeRun.objects.get(user=world.users[role])
    page = client.get(f"/kb/console/runs/{run.pk}/").content.decode()
    assert ('href="/console/intake/"' in page) is offered
