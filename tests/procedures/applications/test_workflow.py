"""The state machine: every transition from every state, and the audit trail."""

import pytest
from django.db import transaction

from procedures.applications.models import Application, ApplicationEvent, ApplicationState
from procedures.applications.workflow import TRANSITIONS, apply_transition
from procedures.rules import TransitionRefused

pytestmark = pytest.mark.django_db

EXPECTED = {
    # DESIGN.md's diagram, written out by hand: transition → (from states, to states).
    # The waiting states are states: nothing beside `state` changes what it means.
    "submit": ({"draft"}, {"awaiting_walidata", "awaiting_agency", "submitted"}),
    "walidata_confirm": ({"awaiting_walidata"}, {"awaiting_agency", "submitted"}),
    "walidata_return": ({"awaiting_walidata"}, {"walidata_returned"}),
    "resubmit_to_walidata": ({"walidata_returned"}, {"awaiting_walidata"}),
    "agency_confirmed": ({"awaiting_agency"}, {"submitted"}),
    "take": ({"submitted"}, {"in_review"}),
    "assign": ({"in_review"}, {"in_review"}),
    "request_revision": ({"in_review"}, {"revision_requested"}),
    "resubmit": ({"revision_requested"}, {"submitted"}),
    "propose": ({"in_review"}, {"awaiting_signature"}),
    "return": ({"awaiting_signature"}, {"in_review"}),
    "sign": ({"awaiting_signature"}, {"feasible", "not_feasible"}),
    "withdraw": (
        {
            "draft",
            "awaiting_walidata",
            "walidata_returned",
            "awaiting_agency",
            "submitted",
            "revision_requested",
        },
        {"withdrawn"},
    ),
}


def test_the_transition_table_is_the_designs():
    assert {name: (set(t.sources), set(t.targets)) for name, t in TRANSITIONS.items()} == EXPECTED


def test_no_hidden_state_beside_the_state_field():
    """A boolean that changes what a state means is a hidden state."""
    fields = {field.name for field in Application._meta.get_fields()}
    assert "walidata_pending" not in fields
    assert {"awaiting_walidata", "awaiting_agency"} <= set(ApplicationState.values)


def in_state(application, state) -> Application:
    Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("state", ApplicationState.values)
def test_each_transition_from_each_state(draft, applicant, name, state):
    application = in_state(draft, state)
    sources, targets = EXPECTED[name]
    target = sorted(targets)[0]
    before = application.lock_version
    with transaction.atomic():
        if state in sources:
            event = apply_transition(application, name, actor=applicant, target=target)
            assert (application.state, application.lock_version) == (target, before + 1)
            assert (event.kind, event.from_state, event.to_state) == (name, state, target)
            assert event.actor == applicant
        else:
            with pytest.raises(TransitionRefused):
                apply_transition(application, name, actor=applicant, target=target)
            application.refresh_from_db()
            assert application.state == state
            assert not application.events.filter(kind=name).exists()


def test_a_stale_copy_cannot_act_after_someone_else_did(draft, applicant, colleague):
    mine = Application.objects.get(pk=draft.pk)
    theirs = Application.objects.get(pk=draft.pk)
    with transaction.atomic():
        apply_transition(mine, "withdraw", actor=applicant, note="dobel")
    with pytest.raises(TransitionRefused, match="baru saja diubah"), transaction.atomic():
        # Still "draft" in memory: the conditional UPDATE finds nothing and refuses.
        apply_transition(theirs, "submit", actor=colleague, target="submitted")
    draft.refresh_from_db()
    assert draft.state == "withdrawn"
    assert list(draft.events.values_list("kind", flat=True)) == ["created", "withdraw"]


def test_sign_needs_a_verdict(draft, applicant):
    application = in_state(draft, "awaiting_signature")
    with pytest.raises(ValueError), transaction.atomic():
        apply_transition(application, "sign", actor=applicant)
    assert ApplicationEvent.objects.filter(kind="sign").count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_transition_outside_a_transaction_is_refused(draft, applicant):
    with pytest.raises(RuntimeError):
        apply_transition(draft, "withdraw", actor=applicant)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_state_cannot_be_set_through_a_model_form():
    from django.forms import modelform_factory

    form_class = modelform_factory(Application, fields="__all__")
    assert "state" not in form_class.base_fields
    assert "lock_version" not in form_class.base_fields
    assert "due_on" not in form_class.base_fields
