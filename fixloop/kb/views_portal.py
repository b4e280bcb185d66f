"""Customer-facing help: published articles, search, votes, "this solved it", fault trees, report-form helpers."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.catalog.models import ProductCategory, ProductModel
from fixloop.core.errors import DomainError
from fixloop.kb import selectors
from fixloop.kb.forms import SearchForm
from fixloop.kb.models import Article, ArticleStatus, SelfService, TreeRun
from fixloop.kb.services import articles as article_services
from fixloop.kb.views_walk import finish, parse_path, render_walk, run_page
from fixloop.web.access import customer_required, request_actor


def _model_from(value) -> ProductModel | None:
    return ProductModel.objects.filter(pk=value).first() if str(value or "").isdigit() else None


def help_list(request):
    form = SearchForm(request.GET or None)
    query, model = "", None
    if form.is_valid():
        query, model = form.cleaned_data["q"].strip(), form.cleaned_data["model"]
    if query:
        articles = selectors.suggestions(query, product_model=model, k=20)
    else:
        articles = selectors.most_read(limit=30)
    context = {"form": form, "articles": articles, "query": query, "trees": selectors.active_trees()}
    return render(request, "kb/help_list.html", context)


def help_article(request, pk):
    try:
        article = article_services.published(pk)
    except DomainError as exc:
        raise Http404 from exc
    article_services.record_view(article_id=article.pk)
    context = {"article": article, "images": article.images.all(), "voted": request.GET.get("voted")}
    return render(request, "kb/help_article.html", context)


@require_POST
def help_vote(request, pk):
    try:
        article_services.vote(article_id=pk, helpful=request.POST.get("helpful") == "yes")
    except DomainError as exc:
        raise Http404 from exc
    messages.success(request, _("Thank you for your feedback."))
    return redirect("kb:help_article", pk=pk)


@customer_required
@require_POST
def help_solved(request, pk):
    """ "This solved it" from the report form, an article or a tree outcome: the request closes as
    self-resolved; no work order is created (counted as deflection)."""
    source = request.POST.get("source", SelfService.Source.REPORT_FORM)
    source = source if source in SelfService.Source.values else SelfService.Source.REPORT_FORM
    try:
        article_services.mark_solved(
            actor=request_actor(request), article_id=pk, source=source, query=request.POST.get("query", ""),
            product_model_id=_model_from(request.POST.get("model")) and int(request.POST["model"]),
            tree_run_id=int(request.POST["tree_run"]) if request.POST.get("tree_run", "").isdigit() else None,
        )  # fmt: skip
    except DomainError as exc:
        raise Http404 from exc
    return render(request, "kb/help_solved.html", {"article": Article.objects.get(pk=pk)})


def suggest(request):
    """htmx: articles for what the customer is typing on the report form."""
    text = " ".join(request.GET.get(k, "") for k in ("symptom_choice", "symptoms", "error_codes")).strip()
    model = _model_from(request.GET.get("model"))
    found = selectors.suggestions(text, product_model=model, k=4)
    context = {"articles": found, "area": "portal", "query": text, "model": model}
    return render(request, "kb/suggestions.html", context)


def model_options(request):
    """htmx: the models of the chosen category, for the report form's dependent select."""
    category = request.GET.get("category", "")
    models = (
        ProductModel.objects.filter(category_id=category).order_by("brand", "name")
        if category.isdigit()
        else []
    )
    return render(request, "kb/model_options.html", {"models": models})


def symptom_options(request):
    """htmx: common symptoms for the chosen category or model: titles of its published articles."""
    model = _model_from(request.GET.get("model"))
    category = request.GET.get("category", "")
    articles = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    if model is not None:
        articles = articles.filter(product_models=model) | articles.filter(categories=model.category_id)
    elif category.isdigit():
        articles = articles.filter(categories=category)
    else:
        articles = articles.none()
    articles = selectors.in_reader_language(articles)
    titles = list(dict.fromkeys(articles.order_by("-views", "id").values_list("title", flat=True)[:12]))
    return render(request, "kb/symptom_options.html", {"titles": titles})


def help_trees(request):
    category = request.GET.get("category", "")
    trees = selectors.active_trees(int(category) if category.isdigit() else None)
    return render(
        request,
        "kb/help_trees.html",
        {"trees": trees, "categories": ProductCategory.objects.order_by("code")},
    )


def help_tree(request, pk):
    return render_walk(request, pk, parse_path(request), channel=TreeRun.Channel.PORTAL)


@customer_required
def help_tree_finish(request, pk):
    return finish(request, pk, TreeRun.Channel.PORTAL)


@customer_required
def help_run(request, pk):
    return run_page(request, pk, TreeRun.Channel.PORTAL)
