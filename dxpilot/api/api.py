"""The REST API at /api/v1/, assembled from each app's router (OpenAPI at /api/v1/openapi.json)."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from dxpilot.accounts.api_auth import AUTH
from dxpilot.assessment.api import router as assessment_router
from dxpilot.dashboard.api import router as kpis_router
from dxpilot.enterprises.api import applications_router
from dxpilot.enterprises.api import router as enterprises_router
from dxpilot.funding.api import router as funding_router
from dxpilot.programs.api import router as programs_router
from dxpilot.projects.api import router as projects_router
from dxpilot.providers.api import catalogue_router
from dxpilot.providers.api import router as providers_router

api = NinjaAPI(
    title="dxpilot API",
    version="1.0.0",
    description=(
        "中小企业数字化转型城市试点公共服务平台接口。使用 `Authorization: Bearer <令牌>` 调用；"
        "令牌沿用其所属账号的数据范围，并受其权限范围限制。"
    ),
    auth=AUTH,
    urls_namespace="api-1.0.0",
)
api.add_router("/program", programs_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("/applications", applications_router)
api.add_router("/assessment", assessment_router)
api.add_router("/projects", projects_router)
api.add_router("", funding_router)  # /acceptances, /subsidies
api.add_router("/providers", providers_router)
api.add_router("/catalogue", catalogue_router)
api.add_router("/kpis", kpis_router)


def _field(loc: list[object]) -> str:
    return ".".join(str(part) for part in loc if part not in ("body", "query", "path", "payload"))


# Pydantic's error types, said in Chinese (its own messages are English).
PYDANTIC_MESSAGES = {
    "missing": "缺少必填字段。",
    "string_type": "应为文本。",
    "int_type": "应为整数。",
    "int_parsing": "应为整数。",
    "decimal_parsing": "应为数字。",
    "decimal_type": "应为数字。",
    "float_parsing": "应为数字。",
    "bool_parsing": "应为 true 或 false。",
    "bool_type": "应为 true 或 false。",
    "date_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD。",
    "datetime_parsing": "时间格式应为 YYYY-MM-DDTHH:MM:SS。",
    "greater_than_equal": "数值不能小于 {ge}。",
    "greater_than": "数值必须大于 {gt}。",
    "less_than_equal": "数值不能大于 {le}。",
    "string_too_long": "不能超过 {max_length} 个字符。",
    "string_too_short": "至少需要 {min_length} 个字符。",
    "json_invalid": "请求体不是有效的 JSON。",
    "model_attributes_type": "应为 JSON 对象。",
    "dict_type": "应为 JSON 对象。",
    "list_type": "应为列表。",
    "extra_forbidden": "不认识的字段。",
}


def _message(error: dict[str, object]) -> str:
    template = PYDANTIC_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return _("字段格式不正确：{detail}").format(detail=error.get("msg", ""))
    context = error.get("ctx") if isinstance(error.get("ctx"), dict) else {}
    try:
        return _(template).format(**context)  # type: ignore[arg-type]
    except (KeyError, IndexError):
        return _(template)


@api.exception_handler(NinjaValidationError)
def on_invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {
            "field": _field(list(error.get("loc", []))),
            "code": error.get("type", "invalid"),
            "message": _message(error),
        }
        for error in exc.errors
    ]
    return api.create_response(
        request, {"detail": _("请求数据有误。"), "errors": errors}, status=422
    )


@api.exception_handler(DjangoValidationError)
def on_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "code": error.code or "invalid", "message": message}
            for field, field_errors in exc.error_dict.items()
            for error in field_errors
            for message in error.messages
        ]
    else:
        errors = [{"field": "", "code": "invalid", "message": m} for m in exc.messages]
    return api.create_response(
        request, {"detail": _("请求被拒绝，数据未做任何修改。"), "errors": errors}, status=400
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc) or _("没有找到，或您无权查看。")}, status=404
    )


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("没有权限。")}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("需要有效的接口令牌或登录会话。")}, status=401)
