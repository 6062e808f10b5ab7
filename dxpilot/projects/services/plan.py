"""The plan (方案) of a project: the enterprise's free choice of products, saved as a new version
next to what the optimiser recommended. 襄阳's conduct rules: providers may recommend but must
not limit the enterprise's choice, so any listed product may be chosen, recommended or not."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dxpilot.matching.catalogue import catalogue_for
from dxpilot.matching.recommend import Baseline, expected_after, recommend
from dxpilot.projects import phrases
from dxpilot.projects.models import Plan, PlanItem
from dxpilot.projects.services.events import lock_project, log_event, require_unlocked
from dxpilot.projects.services.project import DELIVERY_OPEN, WRITERS, require_role, require_status

if TYPE_CHECKING:
    from dxpilot.accounts.models import User


@transaction.atomic
def save_plan(
    project_id: int,
    *,
    actor: User,
    target_level: int,
    budget: Decimal | None,
    product_ids: Sequence[int],
) -> Plan:
    """Save the chosen products as the plan's next version (the previous one stays, no longer
    current), with the recommendation it was chosen against and the expected level."""
    require_role(actor, WRITERS, _("制定改造方案"))
    project = lock_project(actor, project_id)
    require_unlocked(project)
    require_status(project, DELIVERY_OPEN, _("修改改造方案"))
    recommendation = recommend(project, target_level, budget)
    wanted = list(dict.fromkeys(int(pk) for pk in product_ids))
    catalogue = {p.id: p for p in catalogue_for(project.enterprise, only=wanted)}
    unknown = [pk for pk in wanted if pk not in catalogue]
    if unknown:
        raise ValidationError(
            {
                "products": [
                    _(
                        "产品 {ids} 不在可选目录中（未上架、服务商不在资源池或不服务本细分行业）。"
                    ).format(ids="、".join(str(pk) for pk in unknown))
                ]
            }
        )
    chosen = [catalogue[pk] for pk in wanted]
    baseline = Baseline.of(project.enterprise, project.baseline_assessment)
    expected = expected_after(baseline, [p.lifts for p in chosen], target_level)
    previous = project.plans.filter(is_current=True).first()
    version = (project.plans.aggregate(v=Max("version"))["v"] or 0) + 1
    project.plans.filter(is_current=True).update(is_current=False)
    plan = Plan.objects.create(
        project=project,
        version=version,
        target_level=target_level,
        budget=budget,
        recommendation=recommendation.to_dict(),
        expected_total=expected.result.total.quantize(Decimal("0.01")),
        expected_level=expected.result.level,
        is_current=True,
        chosen_by=actor,
    )
    recommended = set(recommendation.product_ids)
    scenes = baseline.scenes
    order = {name: n for n, name in enumerate(scenes)}
    items = []
    for product in chosen:
        # The scene the product is chosen for: the first (edition order) it brings up to the
        # target, else its first scene.
        lifts = sorted(
            product.lifts.items(),
            key=lambda kv: (
                not kv[1] >= target_level > scenes.get(kv[0], 0),
                order.get(kv[0], len(order)),
            ),
        )
        scene, level = lifts[0] if lifts else ("", None)
        items.append(
            PlanItem(
                plan=plan,
                product_id=product.id,
                scene=scene,
                target_scene_level=level,
                price=product.price,
                recommended=product.id in recommended,
            )
        )
    PlanItem.objects.bulk_create(items)
    if project.target_level != target_level:
        project.target_level = target_level
        project.save(update_fields=["target_level", "updated_at"])
    total = sum((p.price for p in chosen), Decimal(0))
    log_event(
        project,
        actor=actor,
        kind="plan",
        message=phrases.PLANNED.say(
            v=version,
            n=len(chosen),
            total=total,
            r=sum(1 for p in chosen if p.id in recommended),
            level=expected.result.level,
        ),
        changes={
            "version": [previous.version if previous else None, version],
            "products": wanted,
            "recommended": sorted(recommended),
            "target_level": target_level,
        },
    )
    return plan
