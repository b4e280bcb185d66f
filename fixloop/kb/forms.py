"""Knowledge-base forms: article editing, images, fault-tree authoring, search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.catalog.models import ProductCategory, ProductModel
from fixloop.core import ids
from fixloop.kb.models import Article, ArticleLanguage, NodeKind, TreeNode
from fixloop.kb.services.articles import ArticleContent
from fixloop.workorders.choices import ServiceMode


class IdsField(forms.ModelMultipleChoiceField):
    """Ids no database column can hold are invalid choices, not an error from the database."""

    def _check_values(self, value):
        for pk in value:
            if str(pk).strip().lstrip("-").isdigit() and not ids.storable(int(pk)):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    symptoms = forms.CharField(label=_("Symptoms"), widget=forms.Textarea(attrs={"rows": 3}))
    cause = forms.CharField(label=_("Cause"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    solution = forms.CharField(
        label=_("Solution steps (one per line)"), widget=forms.Textarea(attrs={"rows": 6})
    )
    error_codes = forms.CharField(
        label=_("Error codes"),
        max_length=300,
        required=False,
        help_text=_("Separated by commas, e.g. E3-01, F12"),
    )
    tags = forms.CharField(label=_("Tags"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=ArticleLanguage.choices)
    categories = IdsField(
        label=_("Product categories"),
        queryset=ProductCategory.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    product_models = IdsField(
        label=_("Product models"),
        queryset=ProductModel.objects.order_by("brand", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_article(cls, article: Article, data=None):
        initial = {
            "title": article.title, "symptoms": article.symptoms, "cause": article.cause,
            "solution": article.solution, "error_codes": article.error_codes, "tags": article.tags,
            "language": article.language, "categories": list(article.categories.all()),
            "product_models": list(article.product_models.all()), "version": article.version,
        }  # fmt: skip
        return cls(data, initial=initial)

    def content(self) -> ArticleContent:
        data = self.cleaned_data
        return ArticleContent(
            title=data["title"], symptoms=data["symptoms"], cause=data["cause"], solution=data["solution"],
            error_codes=data["error_codes"], tags=data["tags"], language=data["language"],
            category_ids=[c.pk for c in data["categories"]], model_ids=[m.pk for m in data["product_models"]],
        )  # fmt: skip


class ImageForm(forms.Form):
    file = forms.FileField(
        label=_("Picture (JPEG, PNG or WebP)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    step = forms.IntegerField(label=_("For step"), min_value=1, initial=1)
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Symptom, error code or model")}),
    )
    model = forms.ModelChoiceField(
        label=_("Product model"), queryset=ProductModel.objects.order_by("brand", "name"), required=False
    )


class TreeForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Product category"), queryset=ProductCategory.objects.order_by("code")
    )
    title = forms.CharField(label=_("Title"), max_length=200)


class NodeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NodeKind.choices)
    text = forms.CharField(label=_("Question or outcome"), max_length=300)
    article = forms.ModelChoiceField(
        label=_("Article (self-service outcome)"),
        required=False,
        queryset=Article.objects.filter(status="published").order_by("title"),
    )
    fault_category = forms.CharField(
        label=_("Fault category (repair outcome)"), max_length=60, required=False
    )
    service_mode = forms.ChoiceField(
        label=_("Suggested service mode (repair outcome)"),
        required=False,
        choices=[("", "—"), *ServiceMode.choices],
    )


class AnswerForm(forms.Form):
    node = forms.ModelChoiceField(label=_("Question"), queryset=TreeNode.objects.none())
    label = forms.CharField(label=_("Answer"), max_length=200)
    next = forms.ModelChoiceField(label=_("Leads to"), queryset=TreeNode.objects.none())

    def __init__(self, *args, tree=None, **kwargs):
        super().__init__(*args, **kwargs)
        nodes = TreeNode.objects.filter(tree=tree)
        self.fields["node"].queryset = nodes.filter(kind=NodeKind.QUESTION)
        self.fields["next"].queryset = nodes
