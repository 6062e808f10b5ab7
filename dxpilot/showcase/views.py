"""The public showcase pages: no login, the same page for everyone, cacheable.

Each page is rendered without the request's context processors (they read the user, hence the
session: navigation, the CSRF token, messages), so the response never varies on the cookie and
sets none; it says `Cache-Control: public, max-age=…`, so a shared cache may keep it. Every
section reads published or public records in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from dxpilot.cases.selectors import figure_table, get_published_case, published_image
from dxpilot.programs.selectors import current_program
from dxpilot.projects import storage
from dxpilot.showcase import selectors

MAX_AGE = 300  # seconds a shared cache may keep a page (figures are at most 5 minutes old)
PAGE_SIZE = 24


def _forget_session(request: HttpRequest) -> None:
    """Detach the session before the response goes back through SessionMiddleware.

    The platform saves a logged-in user's session on every request (the idle timeout), which
    sets a cookie and `Vary: Cookie` on the response: on a public page a shared cache may keep,
    that would make the page per-visitor (or leak a session cookie into the cache). The
    showcase never reads the session, so the middleware is told there is none (it skips a
    request without one); reading public pages does not refresh an official's idle timer."""
    if hasattr(request, "session"):
        del request.session


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        _forget_session(request)
        return response

    return require_GET(wrapper)


def _page(template: str, context: dict[str, Any], section: str) -> HttpResponse:
    program = context["program"] if "program" in context else current_program()
    body = render_to_string(
        template,
        {**context, "SITE_NAME": settings.SITE_NAME, "program": program, "section": section},
    )
    return HttpResponse(body)


@public
def home(request: HttpRequest) -> HttpResponse:
    program = current_program()
    if program is None:
        return _page("showcase/empty.html", {"program": None}, "home")
    cases = list(selectors.case_list(program)[:6])
    return _page(
        "showcase/home.html",
        {
            "program": program,
            "kpis": selectors.headline(program),
            "cases": selectors.case_cards(cases),
            "case_totals": selectors.case_totals(program),
            "products": list(selectors.excellent_products(program)[:8]),
            "providers": list(selectors.directory(program)[:12]),
            "distribution": selectors.level_distribution(program),
            "threshold": selectors.ANONYMITY_THRESHOLD,
        },
        "home",
    )


@public
def cases(request: HttpRequest) -> HttpResponse:
    program = current_program()
    if program is None:
        return _page("showcase/empty.html", {"program": None}, "cases")
    page = Paginator(selectors.case_list(program), PAGE_SIZE).get_page(request.GET.get("page"))
    return _page(
        "showcase/cases.html",
        {"program": program, "page_obj": page, "cards": selectors.case_cards(list(page))},
        "cases",
    )


@public
def case(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_published_case(pk)
    return _page(
        "showcase/case.html",
        {
            "case": item,
            "figures": figure_table(item.figures or {}),
            "images": list(item.images.all()),
            "providers": [p for p in item.providers.all() if p.status == p.Status.APPROVED],
            "products": [p for p in item.products.all() if p.status == p.Status.LISTED],
        },
        "cases",
    )


@require_GET
def case_image(request: HttpRequest, pk: int, image_pk: int) -> FileResponse:
    picture = published_image(pk, image_pk)
    response = FileResponse(
        storage.open_blob(picture.storage_name), content_type=picture.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    _forget_session(request)
    return response


@public
def products(request: HttpRequest) -> HttpResponse:
    program = current_program()
    if program is None:
        return _page("showcase/empty.html", {"program": None}, "products")
    return _page(
        "showcase/products.html",
        {"program": program, "products": list(selectors.excellent_products(program))},
        "products",
    )


@public
def providers(request: HttpRequest) -> HttpResponse:
    program = current_program()
    if program is None:
        return _page("showcase/empty.html", {"program": None}, "providers")
    return _page(
        "showcase/providers.html",
        {"program": program, "providers": list(selectors.directory(program))},
        "providers",
    )
