"""Knowledge base pages, mounted at /kb/: customer help under help/, staff pages under console/."""

from django.urls import path

from fixloop.kb import views_console as staff
from fixloop.kb import views_portal as portal
from fixloop.kb.models import TreeRun
from fixloop.kb.views_walk import finish, run_page
from fixloop.web.access import staff_required

app_name = "kb"
urlpatterns = [
    path("help/", portal.help_list, name="help"),
    path("help/<int:pk>/", portal.help_article, name="help_article"),
    path("help/<int:pk>/vote/", portal.help_vote, name="help_vote"),
    path("help/<int:pk>/solved/", portal.help_solved, name="help_solved"),
    path("help/suggest/", portal.suggest, name="help_suggest"),
    path("help/models/", portal.model_options, name="model_options"),
    path("help/symptoms/", portal.symptom_options, name="symptom_options"),
    path("help/trees/", portal.help_trees, name="help_trees"),
    path("help/trees/<int:pk>/", portal.help_tree, name="help_tree"),
    path("help/trees/<int:pk>/finish/", portal.help_tree_finish, name="help_tree_finish"),
    path("help/runs/<int:pk>/", portal.help_run, name="help_run"),
    path("console/", staff.article_list, name="console_list"),
    path("console/new/", staff.article_new, name="article_new"),
    path("console/<int:pk>/", staff.article_edit, name="article_edit"),
    path("console/<int:pk>/status/", staff.article_status, name="article_status"),
    path("console/<int:pk>/image/", staff.article_image, name="article_image"),
    path("console/suggest/", staff.suggest, name="suggest"),
    path("console/trees/", staff.tree_list, name="trees"),
    path("console/trees/outcomes/", staff.tree_outcomes, name="tree_outcomes"),
    path("console/trees/<int:pk>/", staff.tree_edit, name="tree_edit"),
    path("console/trees/<int:pk>/walk/", staff.tree_walk, name="tree_walk"),
    path(
        "console/trees/<int:pk>/finish/",
        staff_required(lambda r, pk: finish(r, pk, TreeRun.Channel.AGENT)),
        name="tree_finish",
    ),
    path(
        "console/runs/<int:pk>/",
        staff_required(lambda r, pk: run_page(r, pk, TreeRun.Channel.AGENT)),
        name="run",
    ),
    path("console/triage/", staff.triage_status, name="triage"),
    path("console/orders/<str:number>/accept-triage/", staff.triage_accept, name="triage_accept"),
]
