#!/usr/bin/env python
"""Write untop/field_labels.py: the labels Django makes from field names, for makemessages.

A model field without a verbose name of its own, or a form field without a label, is shown
with a label made from its name ("home_centre" → "Home centre"), which no source file spells
out, so makemessages cannot find it. This lists them; untop.i18n translates them when a form
is shown. Run by `make messages` before makemessages.
"""

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.forms.utils import pretty_name  # noqa: E402
from django.utils.text import capfirst  # noqa: E402

OURS = ("programs", "elections", "training", "humanrights", "untop")
labels: set[str] = set()
for model in apps.get_models():
    if not model.__module__.startswith(OURS):
        continue
    for field in model._meta.get_fields():
        if getattr(field, "_verbose_name", "") is None and not field.auto_created:
            labels.add(capfirst(field.verbose_name))
# Form fields declared without a label: `name = forms.SomeField(...)` with no label= inside.
declared = re.compile(
    r"^    (\w+) = forms\.\w+\((.*?)^    \)|^    (\w+) = forms\.\w+\(([^\n]*)\)$", re.M | re.S
)
for path in sorted(ROOT.glob("*/forms.py")) + sorted(ROOT.glob("untop/*/forms.py")):
    for match in declared.finditer(path.read_text(encoding="utf-8")):
        name, body = match.group(1) or match.group(3), match.group(2) or match.group(4)
        if "label=" not in body:
            labels.add(pretty_name(name))

out = ROOT / "untop" / "field_labels.py"
lines = [
    '"""Labels Django makes from field names, listed so that makemessages finds them.',
    "",
    "Written by scripts/field-labels.py (`make messages`); do not edit by hand.",
    '"""',
    "",
    "from django.utils.translation import gettext_noop",
    "",
    "FIELD_LABELS = [",
    *(f"    gettext_noop({json.dumps(label, ensure_ascii=False)})," for label in sorted(labels)),
    "]",
    "",
]
out.write_text("\n".join(lines), encoding="utf-8")
print(f"{len(labels)} labels written to {out.relative_to(ROOT)}")
