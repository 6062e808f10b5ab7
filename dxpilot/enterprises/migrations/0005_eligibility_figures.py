"""The eligibility snapshot kept with a submitted application holds figures, not words.

Before, ``Application.eligibility`` stored each criterion's title and explanation in Chinese and
a summary. Now a criterion is ``{"key", "status", "message": {"code", "params"}}`` and the words
are rendered when shown (``enterprises.eligibility.render_snapshot``). Each explanation is read
back into the phrase its criterion was written with; one that does not read back keeps its
``title`` and ``explanation`` and is shown as it is. Rerunnable.

Backwards, the Chinese words (title, explanation, summary) are written again from the figures.
"""

from django.conf import settings
from django.db import migrations
from django.utils import translation

BATCH = 500


def forwards(apps, schema_editor):
    from dxpilot.core.phrases import read_back
    from dxpilot.enterprises.phrases import CODES_BY_KEY

    Application = apps.get_model("enterprises", "Application")
    changed = []
    with translation.override(settings.LANGUAGE_CODE):
        for application in Application.objects.exclude(eligibility=None).iterator(BATCH):
            data = application.eligibility or {}
            criteria, touched = [], False
            for item in data.get("criteria", []):
                if "message" in item or "explanation" not in item:
                    criteria.append(item)
                    continue
                codes = CODES_BY_KEY.get(item.get("key"), ())
                stored = read_back(str(item["explanation"]), codes)
                if stored is None:
                    criteria.append(item)
                    continue
                criteria.append({"key": item["key"], "status": item["status"], "message": stored})
                touched = True
            if touched:
                application.eligibility = {"verdict": data.get("verdict"), "criteria": criteria}
                changed.append(application)
    Application.objects.bulk_update(changed, ["eligibility"], batch_size=BATCH)


def backwards(apps, schema_editor):
    from dxpilot.enterprises.eligibility import render_snapshot

    Application = apps.get_model("enterprises", "Application")
    changed = []
    with translation.override(settings.LANGUAGE_CODE):
        for application in Application.objects.exclude(eligibility=None).iterator(BATCH):
            words = render_snapshot(application.eligibility)
            if not words:
                continue
            application.eligibility = {
                "verdict": words["verdict"],
                "summary": words["summary"],
                "criteria": [
                    {k: c[k] for k in ("key", "title", "status", "explanation")}
                    for c in words["criteria"]
                ],
            }
            changed.append(application)
    Application.objects.bulk_update(changed, ["eligibility"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0004_add_honours")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
