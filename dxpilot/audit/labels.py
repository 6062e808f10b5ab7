"""What an audit entry's codes mean to a person: a label per action and per object type.

Entries store codes (``auth.login``, ``accounts.user``) and are never rewritten (the hash chain),
so the words live here. The labels of actions that mirror an app's choices (an application's
steps, a provider's decisions) are contributed by that app in its ``AppConfig.ready`` through
``register_actions``; the audit app imports nothing above it. Object types written before a model
moved (``projects.acceptance`` before funding took it) are read as the type they became."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise

ACTIONS: dict[str, Label] = {
    "auth.login": _("登录"),
    "auth.logout": _("退出登录"),
    "auth.login_failed": _("登录失败"),
    "auth.locked_out": _("多次登录失败，账号被锁定"),
    "user.create": _("创建用户"),
    "user.change_password": _("修改密码"),
    "user.enable_totp": _("启用动态口令"),
    "user.disable_totp": _("停用动态口令"),
    "api_token.issue": _("签发接口令牌"),
    "api_token.revoke": _("吊销接口令牌"),
    "crypto.rotate_field_keys": _("轮换字段加密密钥"),
    "program.load": _("载入试点方案文件"),
    "demo.generate": _("生成演示数据"),
    "export.download": _("下载导出文件"),
    "national.submit": _("生成国家平台报送"),
    "national.download": _("下载国家平台报送文件"),
    "national.api_records": _("通过接口读取国家平台报送记录"),
    "national.accept": _("登记国家平台接收记录"),
    "national.reject": _("登记国家平台退回记录"),
    "dashboard.export": _("导出统计明细"),
    "enterprise.register": _("登记企业"),
    "enterprise.update": _("修改企业信息"),
    "enterprise.reveal_contacts": _("查看企业联系方式"),
    "enterprise.honour": _("登记企业荣誉"),
    "enterprise.honour_download": _("下载荣誉证明"),
    "application.update": _("修改申报"),
    "application.attach": _("上传申报附件"),
    "application.retire_attachment": _("作废申报附件"),
    "application.download": _("下载申报附件"),
    "assessment.start_self": _("开始企业自评"),
    "assessment.submit_self": _("提交企业自评"),
    "assessment.assign": _("安排现场评测"),
    "assessment.set_value": _("现场评测修改答案"),
    "assessment.attach_evidence": _("上传评测佐证"),
    "assessment.download_evidence": _("下载评测佐证"),
    "assessment.download_report": _("下载诊断报告"),
    "assessment.lock": _("锁定现场评测结果"),
    "provider.register": _("服务商申请入库"),
    "provider.update_application": _("修改服务商申请"),
    "provider.attach_document": _("上传服务商材料"),
    "provider.download_attachment": _("下载服务商材料"),
    "provider.add_qualification": _("添加服务商资质"),
    "provider.add_reference": _("添加服务商案例"),
    "provider.remove_item": _("删除服务商资料"),
    "provider.rate": _("评价服务商"),
    "product.create": _("登记产品"),
    "product.update": _("修改产品"),
    "platform.register": _("登记平台"),
    "platform.update": _("修改平台信息"),
    "platform.create_client": _("开通平台接口账号"),
    "platform.grant": _("企业授权平台"),
    "platform.revoke_grant": _("撤销平台授权"),
    "cloud_adoption.record": _("登记上云上平台"),
    "cloud_adoption.push": _("平台推送上云上平台记录"),
    "project.open": _("建立改造项目"),
    "project.plan": _("确定改造方案"),
    "project.contract": _("登记合同"),
    "project.contract_change": _("变更合同"),
    "project.investment": _("登记投入"),
    "project.milestone_plan": _("计划里程碑"),
    "project.milestone_done": _("完成里程碑"),
    "project.evidence": _("归档项目材料"),
    "project.upload_evidence": _("上传项目材料"),
    "project.update_evidence": _("修改项目材料"),
    "project.download_evidence": _("下载项目材料"),
    "project.read": _("查看项目"),
    "project.complete": _("项目完工"),
    "project.completion_corrected": _("更正完工日期"),
    "project.provider_rated": _("评价服务商"),
    "project.flag_raised": _("发现风险提示"),
    "project.flag_resolved": _("处理风险提示"),
    "project.acceptance_apply": _("申请验收"),
    "project.acceptance_district_pass": _("县区初验通过"),
    "project.acceptance_expert": _("指派验收专家"),
    "project.acceptance_expert_review": _("专家验收评审"),
    "project.acceptance_decision": _("作出验收决定"),
    "project.acceptance_return": _("验收退回补正"),
    "project.subsidy_computed": _("核算奖补"),
    "project.subsidy_approved": _("核定奖补"),
    "project.subsidy_paid": _("奖补已拨付"),
    "project.follow_up": _("登记成效跟踪"),
    "disbursement.create_batch": _("创建拨付批次"),
    "disbursement.add": _("加入拨付批次"),
    "disbursement.approve": _("审批拨付批次"),
    "disbursement.pay": _("记录拨付"),
    "circular.generate": _("生成定期通报"),
    "circular.update_lead": _("修改通报导语"),
    "circular.issue": _("印发定期通报"),
    "circular.download": _("下载定期通报"),
    "evaluation.generate": _("生成绩效评价报告"),
    "evaluation.update_lead": _("修改绩效评价报告导语"),
    "evaluation.issue": _("印发绩效评价报告"),
    "evaluation.download": _("下载绩效评价报告"),
}

# The first part of an action code, for actions with no label of their own ("enterprises.import").
SUBJECTS: dict[str, Label] = {
    "auth": _("登录"),
    "user": _("用户"),
    "enterprise": _("企业"),
    "enterprises": _("企业"),
    "application": _("申报"),
    "applications": _("申报"),
    "assessment": _("评测"),
    "assessments": _("评测"),
    "provider": _("服务商"),
    "providers": _("服务商"),
    "product": _("产品"),
    "products": _("产品"),
    "platform": _("平台"),
    "policy": _("政策文件"),
    "finance": _("数改贷"),
    "project": _("项目"),
    "projects": _("项目"),
    "subsidies": _("奖补"),
    "disbursement": _("拨付"),
    "circular": _("定期通报"),
    "evaluation": _("绩效评价"),
    "upgrades": _("技改项目"),
    "mechanisms": _("机理模型"),
}
VERBS: dict[str, Label] = {
    "import": _("导入"),
    "export": _("导出"),
    "create": _("创建"),
    "update": _("修改"),
    "download": _("下载"),
}

# Types written before a model moved app: the hash chain keeps the old code, the label follows.
MOVED_TYPES: dict[str, str] = {
    "projects.acceptance": "funding.acceptance",
    "projects.subsidy": "funding.subsidy",
    "projects.disbursementbatch": "funding.disbursementbatch",
    "projects.disbursement": "funding.disbursement",
    "projects.flag": "funding.flag",
    "projects.followup": "funding.followup",
}

# Keys of `changes` that are not model fields.
CHANGE_KEYS: dict[str, Label] = {
    "reasons": _("理由"),
    "decision": _("决定"),
    "status": _("状态"),
    "note": _("说明"),
}


def register_actions(prefix: str, choices: Iterable[tuple[str, Any]]) -> None:
    """An app names its actions ``<prefix>.<value>`` after its choices (value, label)."""
    for value, label in choices:
        ACTIONS.setdefault(f"{prefix}.{value}", label)


def action_label(code: str) -> str:
    if code in ACTIONS:
        return str(ACTIONS[code])
    subject, _sep, verb = code.partition(".")
    if subject in SUBJECTS and verb in VERBS:
        return f"{SUBJECTS[subject]} · {VERBS[verb]}"
    return code


def current_type(object_type: str) -> str:
    return MOVED_TYPES.get(object_type, object_type)


def model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(current_type(object_type))
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = model_of(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def change_label(model: type[models.Model] | None, key: str) -> str:
    name = None
    try:
        if model is not None:
            # A reverse relation has no verbose_name: the key is then read as a change key.
            name = getattr(model._meta.get_field(key), "verbose_name", None)
    except FieldDoesNotExist:
        name = None  # a key of the change that is not a column: reasons, decision …
    return str(name if name is not None else CHANGE_KEYS.get(key, key))


def all_labels() -> Mapping[str, Label]:
    return dict(ACTIONS)
