"""Timeline events keep figures, not words: ``ProjectEvent.message`` ({"code", "params"}).

Each stored title is read back into the phrase its kind was written with (projects/phrases.py,
core.phrases.read_back); the title is then cleared. A title that does not read back (demo data,
hand-made rows, wording older than the phrases) stays in ``title`` and is shown as it is. The
funding half's event kinds are read back by funding migration 0002. Rerunnable.

Backwards, the Chinese words are written into ``title`` again from the figures.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import translation

BATCH = 500


def forwards(apps, schema_editor):
    from dxpilot.core.phrases import read_back
    from dxpilot.projects.phrases import BY_KIND

    convert(apps, BY_KIND, read_back)


def convert(apps, by_kind, read_back):
    """Shared with funding 0002: read back the titles of events of these kinds."""
    ProjectEvent = apps.get_model("projects", "ProjectEvent")
    Program = apps.get_model("programs", "Program")
    categories = {
        pk: {c.get("name") for c in (rule or {}).get("categories", [])}
        for pk, rule in Program.objects.values_list("pk", "subsidy_rule")
    }
    with translation.override(settings.LANGUAGE_CODE):
        rows = ProjectEvent.objects.filter(kind__in=list(by_kind), message={}).exclude(title="")
        changed = []
        for event in rows.values("pk", "kind", "title", "project__program_id").iterator(
            chunk_size=BATCH
        ):
            names = categories.get(event["project__program_id"], set())

            def known(code, params, names=names):
                # A description may hold brackets: the category is one the programme names.
                return "category" not in params or params["category"] in names

            stored = read_back(event["title"], by_kind[event["kind"]], known)
            if stored is not None:
                changed.append(ProjectEvent(pk=event["pk"], message=stored, title=""))
            if len(changed) >= BATCH:
                ProjectEvent.objects.bulk_update(changed, ["message", "title"])
                changed = []
        ProjectEvent.objects.bulk_update(changed, ["message", "title"])


def backwards(apps, schema_editor):
    from dxpilot.core.phrases import render

    ProjectEvent = apps.get_model("projects", "ProjectEvent")
    with translation.override(settings.LANGUAGE_CODE):
        changed = []
        for event in ProjectEvent.objects.exclude(message={}).iterator(chunk_size=BATCH):
            event.title = render(event.message)[:200] or event.title or event.kind
            changed.append(event)
        ProjectEvent.objects.bulk_update(changed, ["title"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_recommendation_figures"), ("programs", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="projectevent",
            name="message",
            field=models.JSONField(blank=True, default=dict, verbose_name="说明"),
        ),
        migrations.AlterField(
            model_name="projectevent",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="说明（旧记录）"),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
