"""Import and export jobs: what was uploaded or asked for, how far it got, and the report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    REJECTED = "rejected", _("有错误，未导入")
    FAILED = "failed", _("处理失败")


class Phase(models.TextChoices):
    READING = "reading", _("读取文件")
    CHECKING = "checking", _("逐行校验")
    WRITING = "writing", _("写入数据")
    ANNOTATING = "annotating", _("生成错误标注文件")


FINISHED = (JobStatus.DONE, JobStatus.REJECTED, JobStatus.FAILED)


class JobProgress:
    """Progress of a background job (import or export), shown by the HTMX progress partial."""

    status: str
    rows_done: int
    rows_total: int

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return min(99, self.rows_done * 100 // self.rows_total) if self.rows_total else 0


class ImportJob(JobProgress, models.Model):
    """One uploaded file. Nothing is written unless every row passes (all or nothing)."""

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("导入类型"), max_length=32)
    status = models.CharField(
        _("状态"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    phase = models.CharField(_("阶段"), max_length=12, choices=Phase.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始处理"), null=True, blank=True)
    finished_at = models.DateTimeField(_("处理完成"), null=True, blank=True)
    source = models.FileField(_("上传文件"), upload_to="exchange/imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows_total = models.PositiveIntegerField(_("数据行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    skipped_count = models.PositiveIntegerField(_("跳过的空行"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    annotated = models.FileField(_("错误标注文件"), upload_to="exchange/reports/%Y/%m/", blank=True)
    task_id = models.CharField(_("后台任务编号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The import page lists a user's own jobs, newest first.
            models.Index(fields=["created_by", "-created_at"], name="import_job_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


class ReportLine(models.Model):
    """One line of an import report: an error, a skipped row, or what happened to a row."""

    class Outcome(models.TextChoices):
        ERROR = "error", _("错误")
        SKIPPED = "skipped", _("已跳过")
        NOTICE = "notice", _("提示")
        CREATED = "created", _("新增")
        UPDATED = "updated", _("更新")
        UNCHANGED = "unchanged", _("无变化")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="lines")
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices)
    row = models.PositiveIntegerField(_("行号"), null=True, blank=True)
    column = models.CharField(_("列"), max_length=60, blank=True)
    value = models.CharField(_("单元格内容"), max_length=200, blank=True)
    message = models.TextField(_("说明"))

    class Meta:
        verbose_name = _("导入报告行")
        verbose_name_plural = _("导入报告行")
        ordering = ["pk"]
        indexes = [
            # The report page filters one job's lines by outcome, in row order.
            models.Index(fields=["job", "outcome", "row"], name="report_line_job_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.row or '-'} {self.column}: {self.message}"


class ExportJob(JobProgress, models.Model):
    """One export: the rows the user's scope reached, masked by role, written to a file."""

    kind = models.CharField(_("导出类型"), max_length=32)
    status = models.CharField(
        _("状态"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("导出人"),
    )
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始处理"), null=True, blank=True)
    finished_at = models.DateTimeField(_("处理完成"), null=True, blank=True)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    masked = models.BooleanField(_("个人信息已脱敏"), default=True)
    rows_total = models.PositiveIntegerField(_("行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已写入行数"), default=0)
    file = models.FileField(_("导出文件"), upload_to="exchange/exports/%Y/%m/", blank=True)
    task_id = models.CharField(_("后台任务编号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="export_job_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"
