"""The funding half keeps figures, not words (core.phrases, funding/phrases.py).

- ``Flag.message`` becomes a stored sentence: each finding's words are read back into its
  phrase, or kept as ``{"legacy": words}`` (shown as they are).
- ``Subsidy.explanation`` lines are read back the same way, line by line.
- Timeline events of the funding kinds (acceptance, subsidy, disbursement, rating, follow-up)
  get their ``message`` as projects 0006 does for the delivery kinds.

Rerunnable. Backwards, the Chinese words are written again from the figures.
"""

import importlib

from django.conf import settings
from django.db import migrations, models
from django.utils import translation

BATCH = 500


def forwards(apps, schema_editor):
    from dxpilot.core.phrases import read_back
    from dxpilot.funding.phrases import EVENTS_BY_KIND, EXPLANATION_CODES, FLAG_CODES

    events = importlib.import_module("dxpilot.projects.migrations.0006_event_messages")
    events.convert(apps, EVENTS_BY_KIND, read_back)
    Flag = apps.get_model("funding", "Flag")
    Subsidy = apps.get_model("funding", "Subsidy")
    with translation.override(settings.LANGUAGE_CODE):
        flags = []
        for flag in Flag.objects.filter(message={}).iterator(chunk_size=BATCH):
            words = flag.legacy_message
            flag.message = read_back(words, FLAG_CODES) or {"legacy": words}
            flags.append(flag)
        Flag.objects.bulk_update(flags, ["message"], batch_size=BATCH)
        subsidies = []
        rows = Subsidy.objects.select_related("project__program")
        for subsidy in rows.iterator(chunk_size=BATCH):
            lines = subsidy.explanation or []
            if not any(isinstance(line, str) for line in lines):
                continue
            rule = subsidy.project.program.subsidy_rule or {}
            names = {c.get("key") for c in rule.get("categories", [])} | {
                c.get("name") for c in rule.get("categories", [])
            }

            def known(code, params, names=names):
                # A description may hold brackets: the category is one the programme names.
                return "category" not in params or params["category"] in names

            subsidy.explanation = [
                (read_back(line, EXPLANATION_CODES, known) or {"legacy": line})
                if isinstance(line, str)
                else line
                for line in lines
            ]
            subsidies.append(subsidy)
        Subsidy.objects.bulk_update(subsidies, ["explanation"], batch_size=BATCH)


def backwards(apps, schema_editor):
    import dxpilot.funding.phrases  # noqa: F401  (defines the phrases rendered here)
    from dxpilot.core.phrases import render

    Flag = apps.get_model("funding", "Flag")
    Subsidy = apps.get_model("funding", "Subsidy")
    with translation.override(settings.LANGUAGE_CODE):
        flags = []
        for flag in Flag.objects.iterator(chunk_size=BATCH):
            flag.legacy_message = render(flag.message)[:300]
            flags.append(flag)
        Flag.objects.bulk_update(flags, ["legacy_message"], batch_size=BATCH)
        subsidies = []
        for subsidy in Subsidy.objects.iterator(chunk_size=BATCH):
            subsidy.explanation = [render(line) for line in subsidy.explanation or []]
            subsidies.append(subsidy)
        Subsidy.objects.bulk_update(subsidies, ["explanation"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_move_from_projects"),
        ("projects", "0006_event_messages"),
    ]

    operations = [
        migrations.RenameField(model_name="flag", old_name="message", new_name="legacy_message"),
        migrations.AlterField(
            model_name="flag",
            name="legacy_message",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
        migrations.AddField(
            model_name="flag",
            name="message",
            field=models.JSONField(default=dict, verbose_name="说明"),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.RemoveField(model_name="flag", name="legacy_message"),
    ]
