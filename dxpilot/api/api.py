"""The REST API at /api/v1/, assembled from each app's router (OpenAPI at /api/v1/openapi.json)."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.types import DictStrAny

from dxpilot.accounts.api_auth import AUTH
from dxpilot.assessment.api import router as assessment_router
from dxpilot.cases.api import router as cases_router
from dxpilot.core.jsonbody import BodyTooLargeError, JsonTooDeepError, load_json
from dxpilot.dashboard.api import router as kpis_router
from dxpilot.enterprises.api import applications_router
from dxpilot.enterprises.api import router as enterprises_router
from dxpilot.finance.api import router as finance_router
from dxpilot.funding.api import router as funding_router
from dxpilot.mechanisms.api import router as mechanisms_router
from dxpilot.national.api import router as national_router
from dxpilot.parks.api import router as parks_router
from dxpilot.platforms.api import router as platforms_router
from dxpilot.policies.api import router as policies_router
from dxpilot.programs.api import router as programs_router
from dxpilot.projects.api import router as projects_router
from dxpilot.providers.api import catalogue_router
from dxpilot.providers.api import router as providers_router
from dxpilot.reporting.api import router as circulars_router
from dxpilot.upgrades.api import router as upgrades_router


class LimitedParser(Parser):
    """JSON bodies are size- and depth-checked before parsing (dxpilot.core.jsonbody)."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        return load_json(request)  # type: ignore[no-any-return]


api = NinjaAPI(
    parser=LimitedParser(),
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
api.add_router("/platforms", platforms_router)
api.add_router("/parks", parks_router)
api.add_router("/policies", policies_router)
api.add_router("/finance", finance_router)
api.add_router("/kpis", kpis_router)
api.add_router("/national", national_router)
api.add_router("/circulars", circulars_router)
api.add_router("/models", mechanisms_router)
api.add_router("/upgrade-projects", upgrades_router)
api.add_router("/cases", cases_router)


def _field(loc: list[object]) -> str:
    return ".".join(str(part) for part in loc if part not in ("body", "query", "path", "payload"))


# Pydantic's error types, said in Chinese (its own messages are English).
PYDANTIC_MESSAGES = {
    "missing": gettext_noop("缺少必填字段。"),
    "string_type": gettext_noop("应为文本。"),
    "int_type": gettext_noop("应为整数。"),
    "int_parsing": gettext_noop("应为整数。"),
    "decimal_parsing": gettext_noop("应为数字。"),
    "decimal_type": gettext_noop("应为数字。"),
    "decimal_max_digits": gettext_noop("数字位数过多：最多 {max_digits} 位。"),
    "decimal_max_places": gettext_noop("小数位数过多：最多 {decimal_places} 位小数。"),
    "decimal_whole_digits": gettext_noop("整数部分位数过多：最多 {whole_digits} 位。"),
    "finite_number": gettext_noop("应为有限的数字（不接受 NaN 或 Infinity）。"),
    "float_type": gettext_noop("应为数字。"),
    "int_from_float": gettext_noop("应为整数。"),
    "int_parsing_size": gettext_noop("整数过大。"),
    "less_than": gettext_noop("数值必须小于 {lt}。"),
    "too_long": gettext_noop("最多 {max_length} 项。"),
    "too_short": gettext_noop("至少需要 {min_length} 项。"),
    "string_pattern_mismatch": gettext_noop("格式不正确。"),
    "string_unicode": gettext_noop("应为 UTF-8 文本。"),
    "date_type": gettext_noop("日期格式应为 YYYY-MM-DD。"),
    "date_from_datetime_inexact": gettext_noop("日期格式应为 YYYY-MM-DD。"),
    "datetime_type": gettext_noop("时间格式应为 YYYY-MM-DDTHH:MM:SS。"),
    "enum": gettext_noop("不是允许的取值。"),
    "literal_error": gettext_noop("不是允许的取值。"),
    "model_type": gettext_noop("应为 JSON 对象。"),
    "none_required": gettext_noop("应为空。"),
    "float_parsing": gettext_noop("应为数字。"),
    "bool_parsing": gettext_noop("应为 true 或 false。"),
    "bool_type": gettext_noop("应为 true 或 false。"),
    "date_parsing": gettext_noop("日期格式应为 YYYY-MM-DD。"),
    "date_from_datetime_parsing": gettext_noop("日期格式应为 YYYY-MM-DD。"),
    "datetime_parsing": gettext_noop("时间格式应为 YYYY-MM-DDTHH:MM:SS。"),
    "greater_than_equal": gettext_noop("数值不能小于 {ge}。"),
    "greater_than": gettext_noop("数值必须大于 {gt}。"),
    "less_than_equal": gettext_noop("数值不能大于 {le}。"),
    "string_too_long": gettext_noop("不能超过 {max_length} 个字符。"),
    "string_too_short": gettext_noop("至少需要 {min_length} 个字符。"),
    "json_invalid": gettext_noop("请求体不是有效的 JSON。"),
    "model_attributes_type": gettext_noop("应为 JSON 对象。"),
    "dict_type": gettext_noop("应为 JSON 对象。"),
    "list_type": gettext_noop("应为列表。"),
    "extra_forbidden": gettext_noop("不认识的字段。"),
}


def _message(error: dict[str, object]) -> str:
    template = PYDANTIC_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        # Pydantic's own text is English: say it generically rather than leak it.
        return _("字段格式不正确。")
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


@api.exception_handler(BodyTooLargeError)
def on_body_too_large(request: HttpRequest, exc: BodyTooLargeError) -> HttpResponse:
    message = _("请求体过大：{size} 字节，上限为 {limit} 字节。").format(
        size=exc.size, limit=exc.limit
    )
    return api.create_response(request, {"detail": message}, status=413)


@api.exception_handler(JsonTooDeepError)
def on_json_too_deep(request: HttpRequest, exc: JsonTooDeepError) -> HttpResponse:
    message = _("请求体的 JSON 嵌套过深（超过 {limit} 层），未处理。").format(limit=exc.limit)
    return api.create_response(request, {"detail": message}, status=400)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja wraps a body it cannot parse in HttpError(400, English text)."""
    cause = exc.__cause__
    if isinstance(cause, BodyTooLargeError):
        return on_body_too_large(request, cause)
    if isinstance(cause, JsonTooDeepError):
        return on_json_too_deep(request, cause)
    if exc.status_code == 400:
        return api.create_response(request, {"detail": _("请求体不是有效的 JSON。")}, status=400)
    return api.create_response(request, {"detail": _("请求无法处理。")}, status=exc.status_code)


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
