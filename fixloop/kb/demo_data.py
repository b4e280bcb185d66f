"""Demo knowledge base: 100+ published articles (Chinese and English) and one fault tree per demo category."""

from django.db import transaction
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.catalog.models import ProductCategory, ProductModel
from fixloop.kb import index
from fixloop.kb.demo_articles import EN, TREES, ZH
from fixloop.kb.models import Article, ArticleStatus, FaultTree, NodeKind
from fixloop.kb.services import trees
from fixloop.kb.services.articles import ArticleContent, change_status, create_article


def _publish(manager: Actor, row, language: str, categories: dict, models: dict) -> bool:
    category, title, symptoms, cause, steps, codes, tags, model_codes = row
    if category not in categories or Article.objects.filter(title=title, language=language).exists():
        return False
    content = ArticleContent(
        title=title, symptoms=symptoms, cause=cause, solution="\n".join(steps.split("|")), error_codes=codes,
        tags=tags, language=language, category_ids=[categories[category]],
        model_ids=[models[c] for c in model_codes if c in models],
    )  # fmt: skip
    article = create_article(actor=manager, content=content)
    for status in (ArticleStatus.REVIEWED, ArticleStatus.PUBLISHED):
        article = change_status(
            actor=manager, article_id=article.pk, expected_version=article.version, status=status
        )
    return True


def _outcome(manager: Actor, tree, outcome, titles: dict):
    kind = outcome[0]
    if kind == "article":
        return trees.add_node(actor=manager, tree_id=tree.pk, kind=NodeKind.ARTICLE, text=outcome[1],
                              article_id=titles[outcome[1]])  # fmt: skip
    if kind == "repair":
        _kind, text, fault_category, mode = outcome
        return trees.add_node(actor=manager, tree_id=tree.pk, kind=NodeKind.REPAIR, text=text,
                              fault_category=fault_category, service_mode=mode)  # fmt: skip
    return _question(manager, tree, outcome[1], outcome[2], titles)


def _question(manager: Actor, tree, text: str, answers, titles: dict):
    node = trees.add_node(actor=manager, tree_id=tree.pk, kind=NodeKind.QUESTION, text=text)
    for label, outcome in answers:
        trees.add_answer(
            actor=manager, node_id=node.pk, label=label, next_id=_outcome(manager, tree, outcome, titles).pk
        )
    return node


def _tree(manager: Actor, category: ProductCategory, spec, titles: dict) -> bool:
    title, question, answers = spec
    if FaultTree.objects.filter(title=title).exists():
        return False
    with transaction.atomic():
        tree = trees.create_tree(actor=manager, category_id=category.pk, title=title)
        _question(manager, tree, question, answers, titles)
        trees.set_active(actor=manager, tree_id=tree.pk, active=True)
    return True


def load() -> str | None:
    user = User.objects.filter(role=Role.MANAGER).order_by("id").first()
    if user is None:
        return None
    manager = Actor.for_user(user)
    categories = dict(ProductCategory.objects.values_list("code", "pk"))
    models = dict(ProductModel.objects.values_list("code", "pk"))
    added = sum(_publish(manager, row, "zh-hans", categories, models) for row in ZH)
    added += sum(_publish(manager, row, "en", categories, models) for row in EN)
    titles = dict(
        Article.objects.filter(status=ArticleStatus.PUBLISHED, language="zh-hans").values_list("title", "pk")
    )
    by_code = ProductCategory.objects.in_bulk(field_name="code")
    new_trees = sum(
        _tree(manager, by_code[code], spec, titles) for code, spec in TREES.items() if code in by_code
    )
    index.rebuild()  # the demo's web processes find the articles at once, without waiting for the worker
    return _("Knowledge base: {articles} articles and {trees} fault trees added.").format(
        articles=added, trees=new_trees
    )
