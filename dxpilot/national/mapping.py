"""The national field mapping (``programs/national.yaml``): read, checked, applied.

The file names each national field, the record key it is read from (``records.SOURCES``) and
the code list that translates dxpilot's stored codes. Every problem of the file is named at once
(in Chinese); a code list must cover every value its source can take, so an export never writes a
value the national platform has no code for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dxpilot.national.records import CODED_SOURCES, SOURCES

DEFAULT_PATH = Path(settings.BASE_DIR) / "programs" / "national.yaml"


@dataclass(frozen=True)
class Field:
    source: str
    name: str
    label: str
    codes: str = ""


@dataclass(frozen=True)
class Mapping:
    version: str
    key: str
    fields: tuple[Field, ...]
    codes: dict[str, dict[str, str]]

    def apply(self, record: dict[str, Any]) -> dict[str, Any]:
        """The national payload of a record: national name → value (codes translated)."""
        payload: dict[str, Any] = {}
        for field in self.fields:
            value = record[field.source]
            if field.codes and value is not None:
                value = self.codes[field.codes][_code_key(value)]
            payload[field.name] = value
        return payload

    def as_json(self) -> dict[str, Any]:
        """What a submission stores: enough to read its records back as they were sent."""
        return {
            "version": self.version,
            "key": self.key,
            "fields": [
                {"source": f.source, "name": f.name, "label": f.label, "codes": f.codes}
                for f in self.fields
            ],
            "codes": self.codes,
        }


def _code_key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def mapping_path() -> Path:
    return Path(getattr(settings, "DXPILOT_NATIONAL_MAPPING", "") or DEFAULT_PATH)


def load_mapping(path: Path | None = None) -> Mapping:
    path = path or mapping_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(
            _("无法读取国家平台字段映射文件 {path}：{error}").format(path=path, error=exc.strerror)
        ) from exc
    return parse_mapping(text)


def parse_mapping(text: str) -> Mapping:
    """The mapping of a YAML text; a ValidationError lists every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(_("字段映射文件不是有效的 YAML：{error}").format(error=exc)) from exc
    if not isinstance(data, dict):
        raise ValidationError(_("字段映射文件应为一个对象（version、key、fields、codes）。"))
    errors: list[str] = []
    version = data.get("version")
    if not isinstance(version, str) or not version.strip() or len(version) > 40:
        errors.append(_("version 应为不超过 40 个字符的文本。"))
        version = ""
    codes = _codes(data.get("codes") or {}, errors)
    fields = _fields(data.get("fields"), codes, errors)
    key = data.get("key")
    names = {f.name for f in fields}
    key_field = next((f for f in fields if f.name == key), None)
    if not isinstance(key, str) or key not in names:
        errors.append(_("key 应为 fields 中的一个字段名称。"))
    elif key_field is not None and key_field.source != "credit_code":
        errors.append(_("key 字段应取自 credit_code（统一社会信用代码）。"))
    if errors:
        raise ValidationError(errors)
    return Mapping(version=version, key=str(key), fields=tuple(fields), codes=codes)


def _codes(raw: Any, errors: list[str]) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        errors.append(_("codes 应为对象：代码表名称 → {取值: 代码}。"))
        return {}
    codes: dict[str, dict[str, str]] = {}
    for name, table in raw.items():
        if not isinstance(table, dict) or not all(
            isinstance(v, str | int) and not isinstance(v, bool) for v in table.values()
        ):
            errors.append(_("代码表 {name} 应为对象，每个代码为文本或整数。").format(name=name))
            continue
        codes[str(name)] = {_code_key(k): str(v) for k, v in table.items()}
    return codes


def _fields(raw: Any, codes: dict[str, dict[str, str]], errors: list[str]) -> list[Field]:
    if not isinstance(raw, list) or not raw:
        errors.append(_("fields 应为非空列表。"))
        return []
    fields: list[Field] = []
    seen: set[str] = set()
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            errors.append(_("第 {n} 个字段应为对象。").format(n=n))
            continue
        source, name, label = item.get("source"), item.get("name"), item.get("label")
        table = item.get("codes") or ""
        problems = []
        if source not in SOURCES:
            problems.append(_("来源“{source}”不是可报送的数据项。").format(source=source))
        if not isinstance(name, str) or not name.strip():
            problems.append(_("缺少字段名称 name。"))
        elif name in seen:
            problems.append(_("字段名称“{name}”重复。").format(name=name))
        if not isinstance(label, str) or not label.strip():
            problems.append(_("缺少列标题 label。"))
        if table:
            if table not in codes:
                problems.append(_("代码表“{table}”未定义。").format(table=table))
            elif source in CODED_SOURCES:
                missing = [v for v in CODED_SOURCES[source] if v not in codes[table]]
                if missing:
                    problems.append(
                        _("代码表“{table}”缺少取值：{values}。").format(
                            table=table, values="、".join(missing)
                        )
                    )
            else:
                problems.append(
                    _("来源“{source}”没有固定取值，不能使用代码表。").format(source=source)
                )
        if problems:
            errors.append(_("第 {n} 个字段：").format(n=n) + "".join(problems))
            continue
        seen.add(str(name))
        fields.append(Field(str(source), str(name).strip(), str(label).strip(), str(table)))
    return fields
