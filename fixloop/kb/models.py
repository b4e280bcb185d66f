"""Knowledge base records: articles with revisions, self-service outcomes, fault trees, triage suggestions."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fixloop.workorders.choices import ServiceMode


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class ArticleLanguage(models.TextChoices):
    ZH_HANS = "zh-hans", _("Simplified Chinese")
    EN = "en", _("English")


class Article(models.Model):
    """A symptom → cause → fix article; only kb.services write it, each write keeps a revision."""

    title = models.CharField(_("title"), max_length=200)
    symptoms = models.TextField(_("symptoms"))
    cause = models.TextField(_("cause"), blank=True)
    solution = models.TextField(_("solution steps"), help_text=_("One step per line."))
    error_codes = models.CharField(_("error codes"), max_length=300, blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=ArticleLanguage.choices, default=ArticleLanguage.ZH_HANS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    categories = models.ManyToManyField(
        "catalog.ProductCategory", verbose_name=_("product categories"), blank=True, related_name="+"
    )
    product_models = models.ManyToManyField(
        "catalog.ProductModel", verbose_name=_("product models"), blank=True, related_name="+"
    )
    source_order = models.OneToOneField(
        "workorders.WorkOrder",
        verbose_name=_("drafted from order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    views = models.PositiveIntegerField(_("views"), default=0)
    helpful_yes = models.PositiveIntegerField(_("solved it"), default=0)
    helpful_no = models.PositiveIntegerField(_("did not solve it"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "-id"], name="kb_article_status_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in self.solution.splitlines() if line.strip()]

    @property
    def code_list(self) -> list[str]:
        return split_list(self.error_codes)

    @property
    def tag_list(self) -> list[str]:
        return split_list(self.tags)


def split_list(value: str) -> list[str]:
    """Comma, 、 or whitespace separated values, in order and without repeats."""
    return list(dict.fromkeys(v for v in re.split(r"[,，、;；\s]+", value or "") if v))


class ArticleRevision(models.Model):
    """The article's content as saved at one version (append-only history)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=ArticleStatus.choices)
    content = models.JSONField(_("content"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-version", "-id"]
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"


class ArticleImage(models.Model):
    """A picture for one solution step (checked as a real JPEG/PNG/WebP on upload)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images"
    )
    step = models.PositiveSmallIntegerField(_("step"), default=1)
    file = models.FileField(_("file"), upload_to="kb/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["step", "id"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")

    def __str__(self) -> str:
        return f"{self.article_id} #{self.step}"


class SelfService(models.Model):
    """A customer's (or agent's) "this solved it": the request was closed without a work order (deflection)."""

    class Source(models.TextChoices):
        REPORT_FORM = "report_form", _("Report form")
        ARTICLE = "article", _("Article page")
        FAULT_TREE = "fault_tree", _("Fault tree")
        AGENT = "agent", _("Agent on the phone")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.SET_NULL, null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    product_model = models.ForeignKey(
        "catalog.ProductModel",
        verbose_name=_("product model"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    query = models.TextField(_("what was asked"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("self-service resolution")
        verbose_name_plural = _("self-service resolutions")

    def __str__(self) -> str:
        return f"{self.article_id} ({self.source})"


class NodeKind(models.TextChoices):
    QUESTION = "question", _("Question")
    ARTICLE = "article", _("Self-service article")
    REPAIR = "repair", _("Repair request")


class FaultTree(models.Model):
    """A guided pre-diagnosis for one product category, authored by managers."""

    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    active = models.BooleanField(_("active"), default=False)
    root = models.ForeignKey(
        "TreeNode",
        verbose_name=_("first question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["category_id", "id"]
        verbose_name = _("fault tree")
        verbose_name_plural = _("fault trees")

    def __str__(self) -> str:
        return self.title


class TreeNode(models.Model):
    """A question, or an outcome: a self-service article or a repair request with what was learnt."""

    tree = models.ForeignKey(
        FaultTree, verbose_name=_("fault tree"), on_delete=models.CASCADE, related_name="nodes"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NodeKind.choices)
    text = models.CharField(_("question or outcome"), max_length=300)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fault_category = models.CharField(_("fault category"), max_length=60, blank=True)
    service_mode = models.CharField(
        _("suggested service mode"), max_length=10, choices=ServiceMode.choices, blank=True
    )

    class Meta:
        ordering = ["tree_id", "id"]
        verbose_name = _("tree node")
        verbose_name_plural = _("tree nodes")

    def __str__(self) -> str:
        return self.text


class TreeAnswer(models.Model):
    """One answer to a question, leading to the next node."""

    node = models.ForeignKey(
        TreeNode, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    label = models.CharField(_("answer"), max_length=200)
    next = models.ForeignKey(TreeNode, verbose_name=_("leads to"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("tree answer")
        verbose_name_plural = _("tree answers")

    def __str__(self) -> str:
        return self.label


class TreeRun(models.Model):
    """One walk through a tree to an outcome; counted per outcome so managers see which trees resolve problems."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Customer portal")
        AGENT = "agent", _("Agent on the phone")

    tree = models.ForeignKey(
        FaultTree, verbose_name=_("fault tree"), on_delete=models.CASCADE, related_name="runs"
    )
    outcome = models.ForeignKey(
        TreeNode, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="runs"
    )
    path = models.JSONField(_("answers chosen"), default=list)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    solved = models.BooleanField(_("solved by self-service"), default=False)
    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("repair request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("fault tree run")
        verbose_name_plural = _("fault tree runs")

    def __str__(self) -> str:
        return f"{self.tree_id} → {self.outcome_id}"


class IntakeContext(models.Model):
    """What the portal learnt before a request became an order: tree walk, preferred time, articles shown."""

    order = models.OneToOneField(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="kb_intake"
    )
    tree_run = models.ForeignKey(
        TreeRun, verbose_name=_("fault tree run"), on_delete=models.SET_NULL, null=True, blank=True
    )
    fault_category = models.CharField(_("fault category"), max_length=60, blank=True)
    preferred_time = models.CharField(_("preferred time"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("intake context")
        verbose_name_plural = _("intake contexts")

    def __str__(self) -> str:
        return str(self.order_id)


class TriageSuggestion(models.Model):
    """What the triage assistant suggested for an order, and what the agent chose (accuracy in production)."""

    order = models.OneToOneField(
        "workorders.WorkOrder",
        verbose_name=_("order"),
        on_delete=models.CASCADE,
        related_name="triage_suggestion",
    )
    # {target: {"label", "confidence", "model_version"}}; empty when no model was trained.
    suggestions = models.JSONField(_("suggestions"), default=dict)
    # {target: {"chosen", "accepted"}}, written when the order is triaged.
    decision = models.JSONField(_("agent's choice"), default=dict, blank=True)
    accepted_all = models.BooleanField(_("accepted with one click"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("triage suggestion")
        verbose_name_plural = _("triage suggestions")

    def __str__(self) -> str:
        return str(self.order_id)


class TriageTraining(models.Model):
    """One training run per target: the model version written, or why none could be."""

    target = models.CharField(_("target"), max_length=20)
    ok = models.BooleanField(_("trained"))
    model_version = models.PositiveIntegerField(_("model version"), null=True, blank=True)
    n_examples = models.PositiveIntegerField(_("examples"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("triage training run")
        verbose_name_plural = _("triage training runs")

    def __str__(self) -> str:
        return f"{self.target} v{self.model_version}"
