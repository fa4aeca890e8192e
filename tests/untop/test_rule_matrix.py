"""The rule × write-path matrix: every write path of the portal keeps the office's rules
(programs/rules.py), as tests/untop/rule_matrix/ writes down. Each refusal shows the
rule's one message and changes nothing (no audit entry, the record as it was).
"""

from __future__ import annotations

import html
import json
import re

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import reverse

from programs.rules import OutOfScope, Rule, RuleBroken, governed
from tests.admin_checks import browser_post_data
from tests.conftest import sign_in_as
from tests.untop.access_matrix import ADMIN
from tests.untop.rule_matrix import (
    ACTIONS,
    COMMANDS,
    LOCKED_DAY,
    MAKERS,
    OPEN_DAY,
    READ_ONLY_ROUTES,
    UNGOVERNED,
    Entry,
    Place,
    World,
    importers,
    routes,
    services,
)
from untop.audit.models import AuditEntry

ADMIN_MODELS = {
    f"{model._meta.app_label}.{model._meta.model_name}": model for model in admin.site._registry
}


def _message(rule: Rule) -> str:
    """The rule's message up to its first parameter: what every path shows."""
    return str(rule.value).split("%(")[0].replace("'", "&#x27;")


def test_every_back_office_model_is_in_the_matrix():
    missing = sorted(set(ADMIN_MODELS) - set(MAKERS) - set(UNGOVERNED))
    assert not missing, f"add these models to tests/untop/rule_matrix/: {missing}"


@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_a_model_has_a_maker_exactly_when_a_rule_reaches_it(label):
    model = ADMIN_MODELS[label]
    if governed(model) is None:
        assert label in UNGOVERNED, f"{label}: no rule reaches it; say why in UNGOVERNED"
    else:
        assert label in MAKERS, f"{label} is governed: give it a maker in MAKERS"


# Governed models with no page of their own in the back office, and where they are written.
NO_ADMIN_PAGE = {
    "programs.evidence": "added on the activity's page (evidence_add); read-only inline",
    "humanrights.statuschange": "written by implementation actions only; read-only inline",
    "programs.participantcount": "an inline of its activity, read-only with it when protected",
    "programs.participantgroup": "a participant row's breakdown, written by the activity's form",
    "programs.indicatorvalue": "an inline of its indicator: test_indicator_inlines_...",
    "programs.indicatortarget": "an inline of its indicator: test_indicator_inlines_...",
    "programs.budgetline": "a revision's line, written by budget_revise; read-only inline",
}


def _governed_inlines():
    for parent, model_admin in admin.site._registry.items():
        for inline in model_admin.inlines:
            meta = inline.model._meta
            label = f"{meta.app_label}.{meta.model_name}"
            if governed(inline.model) is not None and label in MAKERS:
                yield pytest.param(
                    parent, inline, label, id=f"{label}-in-{parent._meta.model_name}"
                )


@pytest.mark.parametrize(("parent", "inline", "label"), list(_governed_inlines()))
def test_inline_rows_of_a_locked_period_are_refused(
    parent, inline, label, period, centre, manager, client
):
    """Deleting a protected row through its parent's page, sent back as a browser sends it,
    is refused: with the rule's message, or (a parent the rule protects too, or one the
    manager only reads) by a page that is read-only."""
    record = MAKERS[label](Place(LOCKED_DAY, centre))
    _lock(period)
    owner = next(
        getattr(record, f.name)
        for f in inline.model._meta.concrete_fields
        if f.is_relation and f.related_model is parent
    )
    sign_in_as(client, manager)
    app, name = parent._meta.app_label, parent._meta.model_name
    url = reverse(f"admin:{app}_{name}_change", args=[owner.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = browser_post_data(page.text)
    prefix = inline(parent, admin.site).get_formset(_request(manager)).get_default_prefix()
    ids = [
        key
        for key, values in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and values == [str(record.pk)]
    ]
    for key in ids:
        data[key.removesuffix("-id") + "-DELETE"] = ["on"]
    before = AuditEntry.objects.count()
    response = client.post(url, data)
    read_only = not admin.site._registry[parent].has_change_permission(_request(manager), owner)
    if read_only:
        assert response.status_code == 403, label
    else:
        assert ids, f"{label}: its row is not on the page"
        assert response.status_code == 200, f"{label}: the deletion was not refused"
        assert _message(Rule.PERIOD_LOCKED) in response.text
    assert _unchanged(record), f"{label}: the row changed"
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("delete", [False, True], ids=["change", "delete"])
def test_indicator_inlines_refuse_values_and_targets_of_a_locked_period(
    delete, period, manager, client
):
    from programs.models import Indicator, IndicatorTarget, IndicatorValue
    from tests.factories import ProjectFactory

    indicator = Indicator.objects.create(project=ProjectFactory(), name="Seminars", unit="n")
    target = IndicatorTarget.objects.create(indicator=indicator, period=period, target=5)
    value = IndicatorValue.objects.create(indicator=indicator, period=period, value=3)
    _lock(period)
    sign_in_as(client, manager)
    url = reverse("admin:programs_indicator_change", args=[indicator.pk])
    data = {
        "project": indicator.project_id,
        "name": "Seminars",
        "unit": "n",
        "baseline": "0",
        "rule": "manual",
        "indicators-TOTAL_FORMS": "0",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "1",
        "targets-0-id": target.pk,
        "targets-0-indicator": indicator.pk,
        "targets-0-period": period.pk,
        "targets-0-target": "5",
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "1",
        "values-0-id": value.pk,
        "values-0-indicator": indicator.pk,
        "values-0-period": period.pk,
        "values-0-value": "3" if delete else "30",
    }
    if delete:
        data["values-0-DELETE"] = "on"
    before = AuditEntry.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert _message(Rule.PERIOD_LOCKED) in response.text
    value.refresh_from_db()
    assert value.value == 3
    assert AuditEntry.objects.count() == before


def test_every_governed_model_has_a_maker_and_a_back_office_page_or_a_reason():
    from programs.rules import governed_models

    labels = {f"{m._meta.app_label}.{m._meta.model_name}" for m in governed_models()}
    assert labels <= set(MAKERS), sorted(labels - set(MAKERS))
    assert sorted(labels - set(ADMIN_MODELS)) == sorted(NO_ADMIN_PAGE)


# -- the back office --------------------------------------------------------------------
@pytest.fixture
def locked_period(period):
    return period


def _lock(period) -> None:
    period.locked = True
    period.save()


def _may(label: str, letter: str) -> bool:
    letters = ADMIN.get(label, {}).get("manager", "")
    return isinstance(letters, str) and letter in letters


def _admin_url(label: str, view: str, *args) -> str:
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


def _unchanged(record) -> bool:
    model = type(record)
    saved = model._default_manager.filter(pk=record.pk).first()
    return saved is not None and model_to_dict(saved) == model_to_dict(record)


def _management_forms(html: str) -> dict[str, str]:
    """The add page's inline management forms, sent with no rows."""
    data = {}
    for prefix in re.findall(r'name="([^"]+)-TOTAL_FORMS"', html):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def _form_data(record) -> dict:
    data = {}
    for name, value in model_to_dict(record).items():
        if value is None or name == "id":
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = getattr(value, "pk", value)
    return data


def _places(centre):
    """The places a record is protected at: (rule, place) for each rule the model meets."""
    return {
        Rule.PERIOD_LOCKED: Place(LOCKED_DAY, centre),
        Rule.SETTLED: Place(OPEN_DAY, centre, approval="approved"),
    }


def _cases():
    """Each governed model of the back office, with each rule that reaches its records: the
    lock, and for a record of an activity, the activity's approval."""
    for label in sorted(set(MAKERS) & set(ADMIN_MODELS)):
        rules = governed(ADMIN_MODELS[label])
        if rules is None:
            continue  # test_a_model_has_a_maker_exactly_when_a_rule_reaches_it says so
        yield pytest.param(label, Rule.PERIOD_LOCKED, id=f"{label}-{Rule.PERIOD_LOCKED.code}")
        if rules.activity is not None and rules.settled:
            yield pytest.param(label, Rule.SETTLED, id=f"{label}-{Rule.SETTLED.code}")


@pytest.mark.parametrize(("label", "rule"), list(_cases()))
def test_the_back_office_refuses_what_the_rule_protects(
    label, rule, locked_period, centre, manager, client
):
    model = ADMIN_MODELS[label]
    rules = governed(model)
    place = _places(centre)[rule]
    record = MAKERS[label](place)
    # What an add would send: a second record like it, made while the period was open.
    spare = MAKERS[label](_places(centre)[rule])
    add_data = _form_data(spare)
    spare.delete()
    if rule is Rule.PERIOD_LOCKED:
        _lock(locked_period)
    record.refresh_from_db()
    sign_in_as(client, manager)
    message = _message(rule)
    audit_before = AuditEntry.objects.count()
    count_before = model._default_manager.count()

    if _may(label, "c"):
        page = client.get(_admin_url(label, "change", record.pk))
        assert page.status_code == 200, label
        assert message in page.text, f"{label}: the change page does not say why it is read-only"
        assert client.post(_admin_url(label, "change", record.pk), add_data).status_code == 403

    if _may(label, "a") and rule is Rule.PERIOD_LOCKED and rules.activity != "":
        add_page = client.get(_admin_url(label, "add"))
        response = client.post(
            _admin_url(label, "add"), add_data | _management_forms(add_page.text)
        )
        assert response.status_code == 200, f"{label}: the add form did not refuse"
        assert message in response.text, label

    if _may(label, "d"):
        page = client.get(_admin_url(label, "delete", record.pk))
        assert message in page.text, f"{label}: the delete page does not refuse"
        refused = client.post(_admin_url(label, "delete", record.pk), {"post": "yes"})
        assert message in refused.text, f"{label}: the delete was not refused"
        bulk = client.post(
            _admin_url(label, "changelist"),
            {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
        )
        assert message in bulk.text, f"{label}: “delete selected” does not refuse"

    actions = admin.site._registry[model].get_actions(_request(manager))
    for name in actions:
        if name == "delete_selected":
            continue
        assert (label, name) in ACTIONS, f"{label}: add its action “{name}” to ACTIONS"
        if ACTIONS[label, name] == "way out" and rule is Rule.SETTLED:
            continue
        client.post(
            _admin_url(label, "changelist"), {"action": name, "_selected_action": [record.pk]}
        )

    assert _unchanged(record), f"{label}: the record changed"
    assert model._default_manager.count() == count_before, f"{label}: a record was added"
    assert AuditEntry.objects.count() == audit_before, f"{label}: something was written"


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_activity_add_in_the_back_office_refuses_a_closed_project(manager, centre, client):
    project = Project_closed()
    sign_in_as(client, manager)
    page = client.get(reverse("admin:programs_activity_add"))
    data = {
        "project": project.pk,
        "kind": "meeting",
        "title": "Round table",
        "start": "2006-10-04",
        "end": "2006-10-04",
        "centre": centre.pk,
        "status": "held",
    } | _management_forms(page.text)
    before = AuditEntry.objects.count()
    response = client.post(reverse("admin:programs_activity_add"), data)
    assert response.status_code == 200
    assert _message(Rule.PROJECT_CLOSED) in response.text
    assert AuditEntry.objects.count() == before


def Project_closed():  # noqa: N802 - reads as what it makes
    from tests.factories import ProjectFactory

    return ProjectFactory(status="closed")


# -- the services -----------------------------------------------------------------------
SERVICE_MODULES = (
    "programs",
    "training",
    "elections",
    "humanrights",
    "untop.notifications",
    "untop.api",
)


def _public_services() -> list[str]:
    import importlib
    import inspect

    found = []
    for app in SERVICE_MODULES:
        module = importlib.import_module(f"{app}.services")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "acting_user" in inspect.signature(function).parameters:
                found.append(f"{app}.{name}")
    return sorted(found)


@pytest.fixture
def world(period, centre, other_centre, staff_user, manager, hr_officer):
    return World(
        period=period,
        centre=centre,
        other_centre=other_centre,
        staff=staff_user,
        manager=manager,
        hr=hr_officer,
    )


def test_every_service_is_in_the_matrix():
    missing = sorted(set(_public_services()) - set(services()))
    assert not missing, f"add these services to tests/untop/rule_matrix/: {missing}"


def _service_cases():
    for name, entry in sorted(services().items()):
        if isinstance(entry, Entry):
            for number, case in enumerate(entry.cases):
                yield pytest.param(name, number, id=f"{name}-{case.rule.code}-{number}")


def _refused(attempt, rule: Rule) -> Exception:
    """Run the attempt; it must be refused by ``rule`` and write nothing."""
    before = AuditEntry.objects.count()
    with pytest.raises((RuleBroken, OutOfScope)) as refused:
        attempt()
    assert refused.value.rule is rule, f"refused by {refused.value.rule}, not {rule}"
    assert AuditEntry.objects.count() == before, "something was written"
    return refused.value


@pytest.mark.parametrize(("name", "number"), list(_service_cases()))
def test_the_services_refuse_what_the_rules_protect(name, number, world):
    case = services()[name].cases[number]
    attempt = case.act(world)
    error = _refused(attempt, case.rule)
    message = " ".join(getattr(error, "messages", [str(error)]))
    assert _message(case.rule).replace("&#x27;", "'") in message


# -- the importers ----------------------------------------------------------------------
def test_every_importer_is_in_the_matrix():
    from untop.imports.engine import registered_importers

    missing = sorted({i.key for i in registered_importers()} - set(importers()))
    assert not missing, f"add these importers to tests/untop/rule_matrix/: {missing}"


def _import_cases():
    for key, entry in sorted(importers().items()):
        if isinstance(entry, Entry):
            for number, case in enumerate(entry.cases):
                yield pytest.param(key, number, id=f"{key}-{case.rule.code}-{number}")


@pytest.mark.parametrize(("key", "number"), list(_import_cases()))
def test_the_importers_refuse_what_the_rules_protect(key, number, world):
    from untop.imports.engine import ImportInvalid

    case = importers()[key].cases[number]
    attempt = case.act(world)
    before = AuditEntry.objects.count()
    with pytest.raises(ImportInvalid) as invalid:
        attempt()
    messages = [error.message for error in invalid.value.errors]
    wanted = _message(case.rule).replace("&#x27;", "'")
    assert any(wanted in message for message in messages), messages
    assert AuditEntry.objects.count() == before, "something was written"


# -- the portal's pages -------------------------------------------------------------------
def test_every_portal_url_is_in_the_matrix():
    from tests.untop.test_access import ROUTES

    missing = sorted(set(ROUTES) - set(routes()) - READ_ONLY_ROUTES)
    assert not missing, f"add these URLs to tests/untop/rule_matrix/: {missing}"


def _route_cases():
    for name, entry in sorted(routes().items()):
        if isinstance(entry, Entry):
            for number, case in enumerate(entry.cases):
                yield pytest.param(name, number, id=f"{name}-{case.rule.code}-{number}")


@pytest.mark.parametrize(("name", "number"), list(_route_cases()))
def test_the_pages_refuse_what_the_rules_protect(name, number, world):
    case = routes()[name].cases[number]
    attempt = case.act(world)
    before = AuditEntry.objects.count()
    response = attempt()
    assert response.status_code == case.refusal.status, response.status_code
    if case.refusal.shows_rule:
        assert _message(case.rule) in _shown(response), f"{name}: the rule is not named"
    assert AuditEntry.objects.count() == before, "something was written"


def _shown(response) -> str:
    """The answer's text as the page shows it: a JSON answer (the offline outbox's sync)
    carries its messages as plain text, escaped here as a page would show them."""
    if response.get("Content-Type", "").startswith("application/json"):
        return html.escape(json.dumps(response.json(), ensure_ascii=False))
    return response.content.decode()


def test_every_management_command_of_the_portal_is_in_the_matrix():
    from django.core.management import get_commands

    ours = {
        name
        for name, app in get_commands().items()
        if app.split(".")[0]
        in {"untop", "programs", "training", "elections", "humanrights", "demo"}
    }
    missing = sorted(ours - set(COMMANDS))
    assert not missing, f"add these commands to tests/untop/rule_matrix/: {missing}"
