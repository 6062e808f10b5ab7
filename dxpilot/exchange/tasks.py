"""Background tasks (django-tasks; `manage.py db_worker` runs them, tests run them inline)."""

from __future__ import annotations

from django_tasks import task


@task()
def import_file(job_id: int) -> None:
    from dxpilot.exchange.services import run_import

    run_import(job_id)


@task()
def export_file(job_id: int) -> None:
    from dxpilot.exchange.services import run_export

    run_export(job_id)
