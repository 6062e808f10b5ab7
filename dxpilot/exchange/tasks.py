"""Background tasks (django-tasks; `manage.py db_worker` runs them, tests run them inline)."""

from __future__ import annotations

from django_tasks import task

from dxpilot.exchange.runners import run_export, run_import


@task()
def import_file(job_id: int) -> None:
    run_import(job_id)


@task()
def export_file(job_id: int) -> None:
    run_export(job_id)
