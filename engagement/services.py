"""Every change to the accountability chain, and every workflow that touches several rows.

Each function takes keyword-only arguments including the acting user (`by`), runs in a
transaction, writes the ChangeRecord that makes the change attributable, and returns the
main object it changed. Views, admin actions and management commands all call these.
"""

from django.db import transaction

from .models import ChangeRecord


class StaleEdit(Exception):
    """Someone else saved the record after this person opened it."""

    def __init__(self, current):
        super().__init__(f"{current} changed since it was opened")
        self.current = current


def record_change(*, subject, action, by, changes=None, note=""):
    """Write one attributable step: who did what to which record."""
    return ChangeRecord.objects.create(
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        subject=subject,
        object_repr=str(subject)[:255],
        changes=changes or {},
        note=note,
    )


def lock_for_edit(model, *, pk, expected_revision):
    """Fetch a row for update and refuse if it moved on since the editor loaded it.

    Callers hold the returned row inside their transaction, change it, bump `revision` and
    save, so two people editing the same record never silently overwrite each other.
    """
    current = model.objects.select_for_update().get(pk=pk)
    if expected_revision is not None and current.revision != expected_revision:
        raise StaleEdit(current)
    return current


def changed_fields(instance, values):
    """{field: [old, new]} for the values that differ, for the change record."""
    return {
        name: [str(getattr(instance, name)), str(value)]
        for name, value in values.items()
        if getattr(instance, name) != value
    }


@transaction.atomic
def update_revised(model, *, pk, expected_revision, values, action, by):
    """Apply a form's cleaned values to a revised row, refusing a stale edit."""
    instance = lock_for_edit(model, pk=pk, expected_revision=expected_revision)
    changes = changed_fields(instance, values)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.revision += 1
    instance.save()
    record_change(subject=instance, action=action, by=by, changes=changes)
    return instance


# Plans, versions, responses and progress (chief inspectors) -------------------------------


# Questions, feedback, upvotes, invitations and moderation ---------------------------------


# Meetings, agendas, attendance, live mode and minutes -------------------------------------


# Outcomes, recommendations, actions and publication ---------------------------------------
