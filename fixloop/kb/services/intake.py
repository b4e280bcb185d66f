"""What the portal learnt before a request became an order: the tree walk behind it and the preferred time."""

from django.db import transaction

from fixloop.accounts.actor import Actor
from fixloop.kb.models import IntakeContext, TreeRun
from fixloop.kb.services.trees import Position, walk


def run_for(actor: Actor, run_id) -> tuple[TreeRun, Position] | None:
    """The actor's own finished walk (someone else's id gives None, as if it did not exist)."""
    if not str(run_id or "").isdigit():
        return None
    run = TreeRun.objects.select_related("outcome", "tree").filter(pk=run_id, user=actor.user).first()
    if run is None:
        return None
    return run, walk(tree_id=run.tree_id, path=run.path, staff=True)


@transaction.atomic
def record_intake_context(
    *, actor: Actor, order, tree_run_id=None, preferred_time: str = ""
) -> IntakeContext | None:
    """Link the customer's tree walk to the order it became and keep the preferred time; nothing if neither."""
    found = run_for(actor, tree_run_id)
    run = found[0] if found else None
    if run is None and not preferred_time:
        return None
    if run is not None:
        TreeRun.objects.filter(pk=run.pk, order=None).update(order=order)
    context, _created = IntakeContext.objects.update_or_create(
        order=order,
        defaults={"tree_run": run, "fault_category": run.outcome.fault_category if run else "",
                  "preferred_time": preferred_time[:120]},
    )  # fmt: skip
    return context
