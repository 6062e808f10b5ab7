"""The checker every section of a programme file goes through: it collects each problem with
its path and a Chinese reason, so a broken file is refused in one go."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.utils.translation import gettext as _

from dxpilot.programs.models import Division

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
INDUSTRY_RE = re.compile(r"^\d{3,4}$")
DIVISION_KINDS = {k for k in Division.Kind.values if k != Division.Kind.ZONE}


@dataclass
class SpecError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass
class ProgramSpecError(Exception):
    errors: list[SpecError]

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


@dataclass
class Checker:
    errors: list[SpecError] = field(default_factory=list)

    def fail(self, path: str, message: str) -> None:
        self.errors.append(SpecError(path, message))

    def mapping(self, data: Any, path: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail(path, _("应为键值对（映射）。"))
            return {}
        return data

    def items(self, data: dict[str, Any], name: str, *, required: bool = True) -> list[Any]:
        value = data.get(name)
        if value is None:
            if required:
                self.fail(name, _("缺少必填项。"))
            return []
        if not isinstance(value, list):
            self.fail(name, _("应为列表。"))
            return []
        return value

    def text(
        self,
        data: dict[str, Any],
        name: str,
        path: str,
        *,
        required: bool = True,
        limit: int | None = None,
    ) -> str:
        """A text value; `limit` is the column's max_length (refused here, not by the database)."""
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(f"{path}.{name}", _("缺少必填项。"))
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.fail(f"{path}.{name}", _("应为文本。"))
            return ""
        text = str(value).strip()
        if limit is not None and len(text) > limit:
            self.fail(
                f"{path}.{name}",
                _("不能超过 {limit} 个字符（现为 {length} 个）。").format(
                    limit=limit, length=len(text)
                ),
            )
        return text

    def key(self, data: dict[str, Any], name: str, path: str, *, limit: int = 40) -> str:
        value = self.text(data, name, path, limit=limit)
        if value and not KEY_RE.match(value):
            self.fail(
                f"{path}.{name}",
                _("标识“{value}”只能包含小写字母、数字和连字符。").format(value=value),
            )
        return value

    def day(self, data: dict[str, Any], name: str, path: str) -> date | None:
        value = data.get(name)
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        if value is None:
            self.fail(f"{path}.{name}", _("缺少必填日期。"))
        else:
            self.fail(
                f"{path}.{name}",
                _("“{value}”不是有效日期，应写作 YYYY-MM-DD。").format(value=value),
            )
        return None

    def number(
        self,
        value: Any,
        path: str,
        *,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
    ) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.fail(path, _("“{value}”不是数字。").format(value=value))
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(path, _("“{value}”不是数字。").format(value=value))
            return None
        if not number.is_finite():
            self.fail(path, _("“{value}”不是数字。").format(value=value))
            return None
        if minimum is not None and number < minimum:
            self.fail(
                path, _("数值 {value} 不能小于 {minimum}。").format(value=value, minimum=minimum)
            )
        if maximum is not None and number > maximum:
            self.fail(
                path, _("数值 {value} 不能大于 {maximum}。").format(value=value, maximum=maximum)
            )
        return number

    def window(self, start: date | None, end: date | None, path: str) -> None:
        if start and end and end < start:
            self.fail(path, _("结束日期 {end} 早于开始日期 {start}。").format(end=end, start=start))

    def unique(self, seen: set[str], value: str, path: str, label: str) -> None:
        if not value:
            return
        if value in seen:
            self.fail(path, _("{label}“{value}”重复。").format(label=label, value=value))
        seen.add(value)


class TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: YAML would raise a bare ValueError for 2024-13-01,
    whereas `Checker.day` reports every bad date with its path."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
