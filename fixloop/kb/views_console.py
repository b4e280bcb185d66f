"""Staff pages: write and review articles, author and walk fault trees, triage assistant figures."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.catalog.models import ProductModel
from fixloop.core.errors import DomainError
from fixloop.kb import selectors
from fixloop.kb.forms import AnswerForm, ArticleForm, ImageForm, NodeForm, TreeForm
from fixloop.kb.models import Article, ArticleStatus, FaultTree, TreeRun
from fixloop.kb.permissions import AUTHOR_ROLES, REVIEW_ROLES, TREE_AUTHOR_ROLES
from fixloop.kb.services import articles as article_services
from fixloop.kb.services import trees as tree_services
from fixloop.kb.services import triage as triage_services
from fixloop.kb.views_walk import parse_path, render_walk
from fixloop.triage import model as triage_core
from fixloop.web.access import request_actor, role_required, staff_required
from fixloop.web.errors import apply_domain_error
from fixloop.web.orderpage import order_or_404

author_required = role_required(*AUTHOR_ROLES)
manager_required = role_required(*TREE_AUTHOR_ROLES)


@staff_required
def article_list(request):
    status = request.GET.get("status", "")
    status = status if status in ArticleStatus.values else ""
    lessons = request.GET.get("lessons") == "1"
    context = {
        "articles": selectors.article_list(
            status=status, text=request.GET.get("q", "").strip(), lessons=lessons
        ),
        "status": status,
        "statuses": ArticleStatus.choices,
        "lessons": lessons,
        "figures": selectors.deflection_figures(),
        "may_write": request.user.role in AUTHOR_ROLES,
    }
    return render(request, "kb/console_list.html", context)


@author_required
def article_new(request):
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = article_services.create_article(actor=request_actor(request), content=form.content())
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("kb:article_edit", pk=article.pk)
    return render(request, "kb/console_edit.html", {"form": form, "article": None})


def _edit_context(request, article, form=None, image_form=None):
    moves = sorted(article_services.STATUS_MOVES.get(article.status, ()))
    if request.user.role not in REVIEW_ROLES:
        moves = [m for m in moves if m == ArticleStatus.DRAFT]
    return {
        "article": article,
        "form": form or ArticleForm.for_article(article),
        "image_form": image_form or ImageForm(),
        "moves": [(m, ArticleStatus(m).label) for m in moves],
        "revisions": article.revisions.select_related("author")[:20],
        "images": article.images.all(),
    }


@author_required
def article_edit(request, pk):
    article = get_object_or_404(Article, pk=pk)
    form = ArticleForm.for_article(article, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article_services.update_article(
                actor=request_actor(request), article_id=article.pk,
                expected_version=form.cleaned_data["version"] or 0, content=form.content(),
            )  # fmt: skip
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, _("The article was saved."))
            return redirect("kb:article_edit", pk=article.pk)
    return render(request, "kb/console_edit.html", _edit_context(request, article, form=form))


@author_required
@require_POST
def article_status(request, pk):
    article = get_object_or_404(Article, pk=pk)
    version = request.POST.get("version", "")
    # A version that is no number is a stale one: the service refuses it as a conflict.
    expected_version = int(version) if version.isdigit() and len(version) < 10 else 0
    try:
        article_services.change_status(
            actor=request_actor(request), article_id=article.pk,
            expected_version=expected_version, status=request.POST.get("status", ""),
        )  # fmt: skip
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The status was changed."))
    return redirect("kb:article_edit", pk=article.pk)


@author_required
@require_POST
def article_image(request, pk):
    article = get_object_or_404(Article, pk=pk)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            article_services.add_image(actor=request_actor(request), article_id=article.pk, upload=upload,
                                       step=form.cleaned_data["step"], caption=form.cleaned_data["caption"])  # fmt: skip
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, _("The picture was added."))
            return redirect("kb:article_edit", pk=article.pk)
    return render(request, "kb/console_edit.html", _edit_context(request, article, image_form=form))


@staff_required
def suggest(request):
    """htmx: articles beside the agent's intake form, for what the caller describes."""
    text = " ".join(request.GET.get(k, "") for k in ("symptoms", "error_codes")).strip()
    model = (
        ProductModel.objects.filter(pk=request.GET.get("model") or None).first()
        if request.GET.get("model", "").isdigit()
        else None
    )
    found = selectors.suggestions(text, product_model=model)
    return render(request, "kb/suggestions.html", {"articles": found, "area": "console"})


# -- fault trees -------------------------------------------------------------------------------------------


@staff_required
def tree_list(request):
    form = TreeForm(request.POST or None)
    if request.method == "POST":
        if request.user.role not in TREE_AUTHOR_ROLES:
            raise Http404
        if form.is_valid():
            try:
                tree = tree_services.create_tree(actor=request_actor(request), category_id=form.cleaned_data["category"].pk,
                                                 title=form.cleaned_data["title"])  # fmt: skip
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                return redirect("kb:tree_edit", pk=tree.pk)
    trees = FaultTree.objects.select_related("category").all()
    if request.user.role not in TREE_AUTHOR_ROLES:
        trees = trees.filter(active=True)
    return render(request, "kb/tree_list.html", {"trees": trees, "form": form,
                                                "may_author": request.user.role in TREE_AUTHOR_ROLES})  # fmt: skip


@manager_required
def tree_edit(request, pk):
    tree = get_object_or_404(FaultTree.objects.select_related("category"), pk=pk)
    actor = request_actor(request)
    node_form = NodeForm(request.POST if request.POST.get("form") == "node" else None, prefix="node")
    answer_form = AnswerForm(
        request.POST if request.POST.get("form") == "answer" else None, tree=tree, prefix="answer"
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "node" and node_form.is_valid():
                d = node_form.cleaned_data
                tree_services.add_node(actor=actor, tree_id=tree.pk, kind=d["kind"], text=d["text"],
                                       article_id=d["article"].pk if d["article"] else None,
                                       fault_category=d["fault_category"], service_mode=d["service_mode"])  # fmt: skip
                return redirect("kb:tree_edit", pk=tree.pk)
            if request.POST.get("form") == "answer" and answer_form.is_valid():
                d = answer_form.cleaned_data
                tree_services.add_answer(
                    actor=actor, node_id=d["node"].pk, label=d["label"], next_id=d["next"].pk
                )
                return redirect("kb:tree_edit", pk=tree.pk)
            if request.POST.get("form") == "active":
                tree_services.set_active(
                    actor=actor, tree_id=tree.pk, active=request.POST.get("active") == "1"
                )
                return redirect("kb:tree_edit", pk=tree.pk)
        except DomainError as exc:
            target = node_form if request.POST.get("form") == "node" else answer_form
            if request.POST.get("form") == "active":
                messages.error(request, str(exc.message))
            else:
                apply_domain_error(request, target, exc)
    context = {
        "tree": tree,
        "nodes": tree.nodes.prefetch_related("answers__next").select_related("article"),
        "node_form": node_form,
        "answer_form": answer_form,
        "outcomes": tree_services.outcome_counts(tree),
    }
    return render(request, "kb/tree_edit.html", context)


@manager_required
def tree_outcomes(request):
    trees = FaultTree.objects.select_related("category")
    rows = [(tree, tree_services.outcome_counts(tree)) for tree in trees]
    return render(request, "kb/tree_outcomes.html", {"rows": rows, "figures": selectors.deflection_figures()})


@staff_required
def tree_walk(request, pk):
    return render_walk(request, pk, parse_path(request), channel=TreeRun.Channel.AGENT)


# -- triage assistant --------------------------------------------------------------------------------------


@manager_required
def triage_status(request):
    from fixloop.kb.models import TriageTraining

    latest = {}
    for run in TriageTraining.objects.all()[:50]:
        latest.setdefault(run.target, run)
    models = []
    for target in triage_services.TARGETS:
        figures = triage_services.readiness(target)
        why_not = [] if figures["ready"] else triage_services.readiness_text(figures)
        models.append({"label": triage_services.target_label(target), "run": latest.get(target),
                       "figures": figures, "why_not": why_not})  # fmt: skip
    accuracy = [
        {"label": triage_services.target_label(target), **figures}
        for target, figures in triage_services.accuracy().items()
    ]
    context = {"models": models, "accuracy": accuracy, "min_examples": triage_core.MIN_EXAMPLES,
               "min_per_class": triage_core.MIN_PER_CLASS}  # fmt: skip
    return render(request, "kb/triage_status.html", context)


@role_required(*triage_services.TRIAGE_ROLES)
@require_POST
def triage_accept(request, number):
    actor = request_actor(request)
    order = order_or_404(actor, number)
    try:
        triage_services.accept_suggestion(actor=actor, number=order.number,
                                          expected_version=int(request.POST.get("version") or 0))  # fmt: skip
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The suggested triage was applied."))
    return redirect("console:order", number=order.number)
