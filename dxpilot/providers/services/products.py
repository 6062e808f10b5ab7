"""The "小快轻准" product catalogue: a provider describes a product, the city reviews it
("一产品、一样板、一评审", 揭阳 — reference §2.3), lists and delists it, and picks excellent ones.

Status: draft → submitted → reviewed → listed ⇄ delisted; submitted → returned → submitted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import Role, User
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.engine import load_indicator_set
from dxpilot.audit.services import diff, record, snapshot
from dxpilot.core.validation import (
    Rule,
    decimal_rule,
    text_rule,
    validate,
    verbose_name,
)
from dxpilot.enterprises.models import Enterprise
from dxpilot.programs.models import Batch, Segment
from dxpilot.providers.models import (
    Deployment,
    PriceUnit,
    Product,
    ProductDecision,
    ProductKind,
    ProductScene,
    Provider,
)
from dxpilot.providers.search import index_products
from dxpilot.providers.services.common import (
    check_revision,
    open_batch,
    raise_if,
    require_city_admin,
    require_reasons,
)

# 揭阳: the sample project's contract must be signed after 2023-10-11 (the programme's start).
SAMPLE_CONTRACT_EARLIEST = date(2023, 10, 11)
MAX_IMPLEMENTATION_DAYS = 365
ADMIN_ONLY = gettext_lazy("只有市级管理员可以评审、上架产品和评选优秀产品。")
AUDITED = (
    "name", "kind", "summary", "description", "deployment", "price", "price_unit", "implementation_days",
    "sample_enterprise_name", "sample_enterprise", "sample_contract_date", "sample_summary",
)  # fmt: skip


# The product's rules, once for the form, the import and the API (dxpilot.core.validation);
# lengths are the model's columns (its TEXT columns get the import's 4 000 characters).
PRODUCT_RULES: dict[str, Rule] = {
    "name": text_rule(Product, "name"),
    "kind": Rule(verbose_name(Product, "kind"), kind="key"),
    "summary": text_rule(Product, "summary"),
    "description": text_rule(Product, "description", multiline=True, max_length=4000),
    "deployment": Rule(verbose_name(Product, "deployment"), kind="key"),
    "price": decimal_rule(Product, "price", minimum=None),  # negative: said below
    "price_unit": Rule(verbose_name(Product, "price_unit"), kind="key"),
    # Its range (1 to MAX_IMPLEMENTATION_DAYS) is a business rule, said below in its own words.
    "implementation_days": Rule(verbose_name(Product, "implementation_days"), kind="integer"),
    "sample_enterprise_name": text_rule(Product, "sample_enterprise_name"),
    "sample_summary": text_rule(Product, "sample_summary", multiline=True, max_length=4000),
}


@dataclass
class ProductData:
    name: str
    kind: str
    summary: str
    deployment: str
    price: Decimal
    price_unit: str
    implementation_days: int
    sample_enterprise_name: str
    sample_contract_date: date | None
    scenes: Mapping[str, int] = field(default_factory=dict)
    segment_keys: Sequence[str] = ()
    description: str = ""
    sample_summary: str = ""


def _lock_product(product_id: int) -> Product:
    return (
        Product.objects.select_for_update(of=("self",))
        .select_related("provider__program")
        .get(pk=product_id)
    )


def _require_owner(actor: User, provider_id: int) -> None:
    scope = scope_of(actor)
    if scope.role != Role.PROVIDER or scope.provider_id != provider_id:
        raise PermissionDenied(_("只有服务商本身可以维护自己的产品。"))


def _check(
    provider: Provider, data: ProductData, product: Product | None
) -> tuple[dict[str, object], list[Segment], dict[str, list[str]]]:
    """Every broken rule of the product data, by field; and the resolved values."""
    # Shape first, the same for every door; a field that fails here is not judged again.
    cleaned, errors = validate(PRODUCT_RULES, asdict(data))
    bad = set(errors)
    data = replace(data, **{k: v for k, v in cleaned.items() if k not in bad})

    def fail(name: str, message: str) -> None:
        if name not in bad:
            errors.setdefault(name, []).append(message)

    program = provider.program
    name = data.name
    if "name" in bad:
        pass
    elif not name:
        fail("name", _("产品名称不能为空。"))
    elif provider.products.filter(name=name).exclude(pk=product.pk if product else 0).exists():
        fail("name", _("本服务商已有名为“{name}”的产品。").format(name=name))
    if data.kind not in ProductKind.values:
        fail("kind", _("产品类型“{value}”无效。").format(value=data.kind))
    if not data.summary.strip():
        fail("summary", _("请用一句话介绍产品。"))
    if data.deployment not in Deployment.values:
        fail("deployment", _("部署方式“{value}”无效。").format(value=data.deployment))
    if data.price_unit not in PriceUnit.values:
        fail("price_unit", _("计价单位“{value}”无效。").format(value=data.price_unit))
    if "price" not in bad and (data.price is None or data.price < 0):
        fail("price", _("价格不能为负数。"))
    if "implementation_days" not in bad and not (
        1 <= data.implementation_days <= MAX_IMPLEMENTATION_DAYS
    ):
        fail(
            "implementation_days",
            _("实施周期应为 1 到 {max} 天。").format(max=MAX_IMPLEMENTATION_DAYS),
        )
    edition = load_indicator_set(program.assessment_edition)
    if not data.scenes:
        fail("scenes", _("请至少选择一个产品可提升的应用场景。"))
    for scene, level in data.scenes.items():
        if scene not in edition.scene_by_name:
            fail(
                "scenes",
                _("“{scene}”不是{edition}版评测指标中的应用场景。").format(
                    scene=scene, edition=edition.edition
                ),
            )
        elif not isinstance(level, int) or not 1 <= level <= 4:
            fail("scenes", _("场景“{scene}”的可达等级应为1-4级。").format(scene=scene))
    served = {s.key: s for s in provider.segments.all()}
    segments = [served[key] for key in data.segment_keys if key in served]
    for key in data.segment_keys:
        if key not in served:
            label = program.segments.filter(key=key).values_list("name", flat=True).first()
            fail(
                "segment_keys",
                _("细分行业“{name}”不在本服务商入库的服务范围内。").format(name=label or key),
            )
    if not data.segment_keys:
        fail("segment_keys", _("请至少选择一个适用的细分行业。"))
    if not data.sample_enterprise_name.strip():
        fail("sample_enterprise_name", _("请填写样板项目企业（一产品、一样板）。"))
    contract = data.sample_contract_date
    if contract is None:
        fail("sample_contract_date", _("请填写样板项目合同日期。"))
    elif contract > timezone.localdate():
        fail("sample_contract_date", _("样板项目合同日期不能晚于今天。"))
    elif contract < SAMPLE_CONTRACT_EARLIEST:
        fail(
            "sample_contract_date",
            _("样板项目合同应签订于 {date} 之后。").format(
                date=SAMPLE_CONTRACT_EARLIEST.isoformat()
            ),
        )
    sample = Enterprise.objects.filter(
        program=program, name=data.sample_enterprise_name.strip()
    ).first()
    values = {
        "name": name, "kind": data.kind, "summary": data.summary.strip(), "description": data.description.strip(),
        "deployment": data.deployment, "price": data.price, "price_unit": data.price_unit,
        "implementation_days": data.implementation_days, "sample_enterprise_name": data.sample_enterprise_name.strip(),
        "sample_enterprise": sample, "sample_contract_date": contract, "sample_summary": data.sample_summary.strip(),
    }  # fmt: skip
    return values, segments, errors


def _save_scenes(product: Product, scenes: Mapping[str, int]) -> None:
    product.scenes.all().delete()
    ProductScene.objects.bulk_create(
        [ProductScene(product=product, scene=s, level=lv) for s, lv in scenes.items()]
    )


@transaction.atomic
def create_product(provider_id: int, data: ProductData, *, actor: User) -> Product:
    """A provider in the pool describes a new product (a draft until submitted)."""
    _require_owner(actor, provider_id)
    provider = (
        Provider.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=provider_id)
    )
    values, segments, errors = _check(provider, data, None)
    if provider.status != Provider.Status.APPROVED:
        errors.setdefault("__all__", []).append(
            _("服务商当前状态为“{status}”，只有已入库的服务商可以登记产品。").format(
                status=provider.get_status_display()
            )
        )
    raise_if(errors)
    product = Product.objects.create(provider=provider, **values)
    product.segments.set(segments)
    _save_scenes(product, data.scenes)
    index_products([product.pk])
    record(actor=actor, action="product.create", target=product,
           changes={**diff({}, snapshot(product, AUDITED)), "scenes": dict(data.scenes)})  # fmt: skip
    return product


@transaction.atomic
def update_product(product_id: int, data: ProductData, *, actor: User) -> Product:
    product = _lock_product(product_id)
    _require_owner(actor, product.provider_id)
    values, segments, errors = _check(product.provider, data, product)
    if not product.is_editable:
        errors.setdefault("__all__", []).append(
            _("产品当前状态为“{status}”，不能修改。").format(status=product.get_status_display())
        )
    raise_if(errors)
    before = snapshot(product, AUDITED)
    before_scenes = {s.scene: s.level for s in product.scenes.all()}
    for name, value in values.items():
        setattr(product, name, value)
    product.save(update_fields=[*values.keys(), "updated_at"])
    product.segments.set(segments)
    _save_scenes(product, data.scenes)
    index_products([product.pk])
    changes = diff(before, snapshot(product, AUDITED))
    if before_scenes != dict(data.scenes):
        changes["scenes"] = [before_scenes, dict(data.scenes)]
    if changes:
        record(actor=actor, action="product.update", target=product, changes=changes)
    return product


def _decide(product: Product, kind: str, status: str, *, actor: User, reasons: str = "",
            details: dict[str, object] | None = None, extra: Sequence[str] = ()) -> Product:  # fmt: skip
    before = product.status
    product.status = status
    product.revision += 1
    product.save(update_fields=["status", "revision", "updated_at", *extra])
    ProductDecision.objects.create(product=product, kind=kind, from_status=before, to_status=status,
                                   reasons=reasons, details=details or {}, by=actor)  # fmt: skip
    changes: dict[str, object] = {"decision": kind, "reasons": reasons, **(details or {})}
    if before != status:
        changes["status"] = [before, status]
    record(actor=actor, action=f"product.{kind}", target=product, changes=changes)
    return product


def _state(product: Product, allowed: Sequence[str], action: str, expected_revision: int | None,
           errors: dict[str, list[str]]) -> None:  # fmt: skip
    check_revision(product.revision, expected_revision, product.get_status_display(), errors)
    if not errors and product.status not in allowed:
        errors["__all__"] = [
            _("产品“{name}”当前状态为“{status}”，不能{action}。").format(
                name=product.name, status=product.get_status_display(), action=action
            )
        ]


@transaction.atomic
def submit_product(product_id: int, *, actor: User) -> Product:
    """Submitted for review in an open product batch, with its sample project."""
    product = _lock_product(product_id)
    _require_owner(actor, product.provider_id)
    errors: dict[str, list[str]] = {}
    _state(product, Product.EDITABLE, _("提交评审"), None, errors)
    if product.provider.status != Provider.Status.APPROVED:
        errors.setdefault("__all__", []).append(_("只有已入库的服务商可以提交产品评审。"))
    batch, closed = open_batch(product.provider.program, Batch.Kind.PRODUCT)
    if closed:
        errors.setdefault("__all__", []).append(closed)
    raise_if(errors, "refused")
    product.batch, product.submitted_at = batch, timezone.now()
    return _decide(product, ProductDecision.Kind.SUBMIT, Product.Status.SUBMITTED, actor=actor,
                   extra=("batch", "submitted_at"))  # fmt: skip


@transaction.atomic
def return_product(
    product_id: int, *, actor: User, reasons: str, expected_revision: int | None = None
) -> Product:
    require_city_admin(actor, str(ADMIN_ONLY))
    product = _lock_product(product_id)
    errors: dict[str, list[str]] = {}
    _state(product, (Product.Status.SUBMITTED,), _("退回"), expected_revision, errors)
    text = require_reasons(reasons, errors, _("退回时请写明理由，服务商将据此修改。"))
    raise_if(errors, "refused")
    return _decide(
        product, ProductDecision.Kind.RETURN, Product.Status.RETURNED, actor=actor, reasons=text
    )


@transaction.atomic
def review_product(product_id: int, *, actor: User, opinion: str, paper_ok: bool, demo_ok: bool, test_ok: bool,
                   expected_revision: int | None = None) -> Product:  # fmt: skip
    """ "一评审": the paper review, the on-site demo and defence, and the technical test must all
    pass; otherwise the product is returned with reasons instead."""
    require_city_admin(actor, str(ADMIN_ONLY))
    product = _lock_product(product_id)
    errors: dict[str, list[str]] = {}
    _state(product, (Product.Status.SUBMITTED,), _("评审"), expected_revision, errors)
    failed = [
        label
        for ok, label in (
            (paper_ok, _("材料评审")),
            (demo_ok, _("现场答辩与演示")),
            (test_ok, _("技术测试")),
        )
        if not ok
    ]
    if failed:
        errors.setdefault("__all__", []).append(
            _("评审未通过的环节：{items}。评审须全部通过；否则请退回并写明理由。").format(
                items="、".join(failed)
            )
        )
    text = require_reasons(opinion, errors, _("请填写评审意见。"))
    raise_if(errors, "refused")
    product.reviewed_at = timezone.now()
    return _decide(product, ProductDecision.Kind.REVIEW, Product.Status.REVIEWED, actor=actor, reasons=text,
                   details={"paper": paper_ok, "demo": demo_ok, "test": test_ok}, extra=("reviewed_at",))  # fmt: skip


@transaction.atomic
def list_product(
    product_id: int, *, actor: User, reasons: str = "", expected_revision: int | None = None
) -> Product:
    """Listed in the public catalogue (after review, or again after a delisting)."""
    require_city_admin(actor, str(ADMIN_ONLY))
    product = _lock_product(product_id)
    errors: dict[str, list[str]] = {}
    _state(
        product,
        (Product.Status.REVIEWED, Product.Status.DELISTED),
        _("上架"),
        expected_revision,
        errors,
    )
    if not errors and product.status == Product.Status.DELISTED:
        require_reasons(reasons, errors, _("重新上架时请写明理由。"))
    if product.provider.status != Provider.Status.APPROVED:
        errors.setdefault("__all__", []).append(
            _("服务商当前状态为“{status}”，其产品不能上架。").format(
                status=product.provider.get_status_display()
            )
        )
    raise_if(errors, "refused")
    product.listed_at = timezone.now()
    return _decide(product, ProductDecision.Kind.LIST, Product.Status.LISTED, actor=actor, reasons=reasons.strip(),
                   extra=("listed_at",))  # fmt: skip


@transaction.atomic
def delist_product(
    product_id: int, *, actor: User, reasons: str, expected_revision: int | None = None
) -> Product:
    """Taken out of the catalogue by the city, or withdrawn by its provider; an excellent
    product loses the title with it."""
    product = _lock_product(product_id)
    scope = scope_of(actor)
    if scope.role != Role.CITY_ADMIN and not (
        scope.role == Role.PROVIDER and scope.provider_id == product.provider_id
    ):
        raise PermissionDenied(_("只有市级管理员或服务商本身可以下架产品。"))
    errors: dict[str, list[str]] = {}
    _state(product, (Product.Status.LISTED,), _("下架"), expected_revision, errors)
    text = require_reasons(reasons, errors, _("下架时请写明理由。"))
    raise_if(errors, "refused")
    was_excellent = product.is_excellent
    product.is_excellent = False
    return _decide(product, ProductDecision.Kind.DELIST, Product.Status.DELISTED, actor=actor, reasons=text,
                   details={"was_excellent": was_excellent}, extra=("is_excellent",))  # fmt: skip


@transaction.atomic
def select_excellent(product_id: int, *, actor: User, excellent: bool, reasons: str,
                     expected_revision: int | None = None) -> Product:  # fmt: skip
    """The city picks excellent products among listed ones (Hefei's target: 20)."""
    require_city_admin(actor, str(ADMIN_ONLY))
    product = _lock_product(product_id)
    errors: dict[str, list[str]] = {}
    _state(product, (Product.Status.LISTED,), _("评选优秀产品"), expected_revision, errors)
    if not errors and product.is_excellent == excellent:
        errors["__all__"] = [_("产品“{name}”已经是优秀产品。").format(name=product.name) if excellent
                             else _("产品“{name}”不是优秀产品。").format(name=product.name)]  # fmt: skip
    text = require_reasons(reasons, errors)
    raise_if(errors, "refused")
    product.is_excellent = excellent
    kind = ProductDecision.Kind.EXCELLENT if excellent else ProductDecision.Kind.UNEXCELLENT
    return _decide(
        product, kind, product.status, actor=actor, reasons=text, extra=("is_excellent",)
    )
