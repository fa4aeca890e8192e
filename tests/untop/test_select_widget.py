"""The portal's select and input templates (templates/django/forms/widgets/) write exactly
the HTML Django's own templates write, faster."""

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from programs.filters import ActivityFilter
from programs.models import Activity
from tests.factories import ProjectFactory


class _Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Any"), ("a", "Alpha"), ("b&c", 'B "&" C <x>')])
    grouped = forms.ChoiceField(
        choices=[
            ("Lowlands", [("dushanbe", "Dushanbe"), ("kulob", "Kŭlob")]),
            ("Highlands", [("khorog", "Khorog")]),
            ("other", "Other"),
        ]
    )
    several = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two"), (3, "Three")])
    marked = forms.ChoiceField(choices=[(mark_safe("a&amp;b"), mark_safe("<b>bold</b>"))])


class _Inputs(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(attrs={"placeholder": 'Say "hi" & <go>', "autofocus": True})
    )
    not_disabled = forms.CharField(widget=forms.TextInput(attrs={"disabled": False}))
    number = forms.IntegerField(min_value=0, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"data-hint": mark_safe("a&amp;b")}))


def _django_own(form: forms.Form, name: str) -> str:
    """The field as Django's own templates write it (its default renderer)."""
    portal_renderer, form.renderer = form.renderer, DjangoTemplates()
    try:
        return str(form[name])
    finally:
        form.renderer = portal_renderer


@pytest.mark.parametrize("name", ["plain", "grouped", "several", "marked"])
def test_a_select_is_written_as_djangos_own_templates_write_it(name):
    form = _Choices(data={"plain": "b&c", "grouped": "kulob", "several": ["1", "3"]})

    assert str(form[name]) == _django_own(form, name)


@pytest.mark.parametrize("name", ["text", "not_disabled", "number", "day"])
@pytest.mark.parametrize("data", [None, {"text": 'a "quoted" <b>', "number": "-3", "day": "x"}])
def test_an_input_is_written_as_djangos_own_templates_write_it(name, data):
    form = _Inputs(data=data)

    assert str(form[name]) == _django_own(form, name)


@pytest.mark.django_db
def test_the_activity_lists_filters_are_written_as_djangos_own_templates_write_them(centre):
    project = ProjectFactory(code="ND-<1>", title="Dialogue & seminars")
    form = ActivityFilter(
        {"centre": str(centre.pk), "project": str(project.pk), "status": "held"},
        queryset=Activity.objects.all(),
    ).form

    for field in form:
        assert str(field) == _django_own(form, field.name), field.name
    assert (
        f'<option value="{project.pk}" selected>ND-&lt;1&gt; Dialogue &amp; seminars</option>'
        in str(form["project"])
    )


@pytest.mark.parametrize("widget", ["select", "input"])
def test_forms_render_selects_and_inputs_with_the_portals_templates(widget):
    # Else the comparisons above would compare Django's templates with themselves.
    template = _Choices().renderer.get_template(f"django/forms/widgets/{widget}.html")

    assert template.origin.name == str(
        settings.BASE_DIR / f"templates/django/forms/widgets/{widget}.html"
    )
