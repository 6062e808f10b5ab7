"""Trainees, registrations and attendances.

A person is kept with no more than needed: a name, the enterprise (optional) and one identifier
(a mobile number or an ID number) stored encrypted, with a keyed blind index so the same person
is found again (and counted once) without decrypting anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.core.crypto import EncryptedTextField


class IdentifierKind(models.TextChoices):
    MOBILE = "mobile", _("手机号码")
    ID_NUMBER = "id_number", _("身份证号码")


class Trainee(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="trainees"
    )
    name = models.CharField(_("姓名"), max_length=40)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainees",
        verbose_name=_("所在企业"),
    )
    identifier_kind = models.CharField(_("证件类型"), max_length=16, choices=IdentifierKind.choices)
    identifier = EncryptedTextField(_("手机号码或身份证号码"))
    identifier_index = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("学员")
        verbose_name_plural = _("学员")
        ordering = ["name", "pk"]
        constraints = [
            # One person once per programme, found by the blind index of the identifier.
            models.UniqueConstraint(
                fields=["program", "identifier_index"], name="trainee_unique_person"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    session = models.ForeignKey(
        "training.Session", on_delete=models.PROTECT, related_name="registrations"
    )
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="registrations")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("报名时间"), default=timezone.now)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee"], name="registration_unique_trainee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} @ {self.session_id}"


class AttendanceSource(models.TextChoices):
    MANUAL = "manual", _("现场签到")
    SIGN_IN_SHEET = "sheet", _("签到表导入")


class Attendance(models.Model):
    session = models.ForeignKey(
        "training.Session", on_delete=models.PROTECT, related_name="attendances"
    )
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="attendances")
    # The trainee's blind index, copied (a trainee's identifier never changes) so that the
    # distinct-people count reads one table: COUNT(DISTINCT person_index).
    person_index = models.CharField(max_length=64)
    source = models.CharField(
        _("签到方式"), max_length=8, choices=AttendanceSource.choices, default="manual"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee"], name="attendance_unique_trainee"
            ),
        ]
        indexes = [models.Index(fields=["session", "person_index"], name="attendance_person")]

    def __str__(self) -> str:
        return f"{self.trainee} @ {self.session_id}"

    @property
    def certificate_number(self) -> str:
        return f"PX{self.session.held_on:%Y}{self.pk:06d}"
