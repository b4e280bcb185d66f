"""Fault trees: managers author questions and outcomes; customers and agents walk them; outcomes are counted."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import Forbidden, NotFound, ValidationFailed
from fixloop.kb.models import ArticleStatus, FaultTree, NodeKind, TreeAnswer, TreeNode, TreeRun
from fixloop.kb.permissions import TREE_AUTHOR_ROLES


def _require_author(actor: Actor) -> None:
    if actor.role not in TREE_AUTHOR_ROLES:
        raise Forbidden("tree_forbidden", _("Only a manager may edit fault trees."))


def create_tree(*, actor: Actor, category_id: int, title: str) -> FaultTree:
    _require_author(actor)
    if not title.strip():
        raise ValidationFailed("kb_field_required", _("This field is required."), {"field": "title"})
    return FaultTree.objects.create(category_id=category_id, title=title.strip())


@transaction.atomic
def add_node(
    *, actor: Actor, tree_id: int, kind: str, text: str, article_id: int | None = None,
    fault_category: str = "", service_mode: str = "",
) -> TreeNode:  # fmt: skip
    """Add a question or an outcome. Guards: an article outcome names a published article; the first node
    added becomes the tree's root."""
    _require_author(actor)
    tree = FaultTree.objects.select_for_update().filter(pk=tree_id).first()
    if tree is None:
        raise NotFound("tree_not_found", _("Fault tree not found."))
    if not text.strip():
        raise ValidationFailed("kb_field_required", _("This field is required."), {"field": "text"})
    if kind == NodeKind.ARTICLE:
        from fixloop.kb.models import Article

        if not Article.objects.filter(pk=article_id, status=ArticleStatus.PUBLISHED).exists():
            raise ValidationFailed(
                "tree_article_required", _("Choose a published article."), {"field": "article"}
            )
    node = TreeNode.objects.create(
        tree=tree, kind=NodeKind(kind), text=text.strip(), article_id=article_id if kind == NodeKind.ARTICLE else None,
        fault_category=fault_category.strip(), service_mode=service_mode if kind == NodeKind.REPAIR else "",
    )  # fmt: skip
    if tree.root_id is None:
        tree.root = node
        tree.save(update_fields=["root"])
    return node


def add_answer(*, actor: Actor, node_id: int, label: str, next_id: int) -> TreeAnswer:
    """Guards: the node is a question; the next node is in the same tree and is not the question itself."""
    _require_author(actor)
    node = TreeNode.objects.filter(pk=node_id).first()
    target = TreeNode.objects.filter(pk=next_id).first()
    if node is None or target is None:
        raise NotFound("tree_node_not_found", _("Tree node not found."))
    if node.kind != NodeKind.QUESTION:
        raise ValidationFailed("tree_not_question", _("Only a question has answers."), {"field": "node"})
    if target.tree_id != node.tree_id or target.pk == node.pk:
        raise ValidationFailed("tree_bad_next", _("Choose another node of this tree."), {"field": "next"})
    if not label.strip():
        raise ValidationFailed("kb_field_required", _("This field is required."), {"field": "label"})
    return TreeAnswer.objects.create(
        node=node, label=label.strip(), next=target, position=node.answers.count()
    )


def set_active(*, actor: Actor, tree_id: int, active: bool) -> FaultTree:
    """Guard: an active tree has a first question."""
    _require_author(actor)
    tree = FaultTree.objects.filter(pk=tree_id).first()
    if tree is None:
        raise NotFound("tree_not_found", _("Fault tree not found."))
    if active and tree.root_id is None:
        raise ValidationFailed("tree_empty", _("Add a first question before activating the tree."))
    tree.active = active
    tree.save(update_fields=["active"])
    return tree


@dataclass
class Position:
    """Where a walk stands: the node reached and the answers chosen on the way."""

    tree: FaultTree
    node: TreeNode
    answers: list[TreeAnswer]

    @property
    def path(self) -> list[int]:
        return [a.pk for a in self.answers]

    @property
    def finished(self) -> bool:
        return self.node.kind != NodeKind.QUESTION

    def summary(self) -> str:
        """The questions and answers, as the symptoms of a repair request."""
        lines = [f"{a.node.text} {a.label}" for a in self.answers]
        return "；".join(lines)


def walk(*, tree_id: int, path: list[int], staff: bool = False) -> Position:
    """Follow `path` (answer ids) from the root; any answer that does not belong where it is used is refused,
    so a tampered URL cannot jump to another tree's node."""
    trees = FaultTree.objects.select_related("root", "category")
    tree = (trees if staff else trees.filter(active=True)).filter(pk=tree_id).first()
    if tree is None or tree.root is None:
        raise NotFound("tree_not_found", _("Fault tree not found."))
    node, chosen = tree.root, []
    answers = TreeAnswer.objects.select_related("next", "node").in_bulk(path)
    for answer_id in path:
        answer = answers.get(answer_id)
        if answer is None or answer.node_id != node.pk:
            raise ValidationFailed("tree_bad_path", _("This answer does not fit the question; start again."))
        chosen.append(answer)
        node = answer.next
    return Position(tree=tree, node=node, answers=chosen)


def finish(*, actor: Actor, tree_id: int, path: list[int], channel: str) -> TreeRun:
    """Record one walk that reached an outcome (what the manager's counters are made of)."""
    position = walk(tree_id=tree_id, path=path, staff=channel == TreeRun.Channel.AGENT)
    if not position.finished:
        raise ValidationFailed("tree_not_finished", _("Answer the question first."))
    return TreeRun.objects.create(
        tree=position.tree, outcome=position.node, path=position.path, channel=channel, user=actor.user
    )


def outcome_counts(tree: FaultTree) -> list[dict]:
    """Per outcome node: walks that ended there, how many were solved by self-service, how many became orders."""
    nodes = (
        TreeNode.objects.filter(tree=tree)
        .exclude(kind=NodeKind.QUESTION)
        .annotate(
            walks=Count("runs"),
            solved=Count("runs", filter=Q(runs__solved=True)),
            orders=Count("runs", filter=Q(runs__order__isnull=False)),
            by_agents=Count("runs", filter=Q(runs__channel=TreeRun.Channel.AGENT)),
        )
        .select_related("article")
        .order_by("id")
    )
    return list(nodes)
