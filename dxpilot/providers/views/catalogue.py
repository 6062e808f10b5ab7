"""The public catalogue (no login): search, product and provider pages, comparison."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from dxpilot.core.http import is_htmx
from dxpilot.programs.selectors import current_program
from dxpilot.providers import catalogue, panels, selectors
from dxpilot.providers.forms import CatalogueFilterForm


def _tray(request: HttpRequest, error: str = "") -> dict[str, Any]:
    products = catalogue.compared_products(request.session)
    return {"compare": products, "compare_ids": {p.pk for p in products}, "compare_error": error,
            "compare_limit": catalogue.COMPARE_LIMIT}  # fmt: skip


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    program = current_program()
    form = CatalogueFilterForm(request.GET or None, program=program)
    filters = catalogue.Filters()
    if form.is_bound:
        form.is_valid()  # fills cleaned_data; a bad field is reported beside it and left out
        filters = form.filters()
    result = catalogue.search_catalogue(filters, request.GET.get("page"))
    scenes = (
        [filters.scene] if filters.scene else panels.scenes_of(r.product for r in result.results)
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "result": result, "query": query.urlencode() + "&" if query else "",
               "page_obj": result.page, "section": "search", **_tray(request),
               "panels": panels.panels_for(request.user, scenes)}  # fmt: skip
    template = (
        "providers/partials/catalogue_results.html"
        if is_htmx(request)
        else "providers/catalogue_search.html"
    )
    return render(request, template, context)


@require_GET
def product(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_public_product(pk)
    scenes = list(item.scenes.all())
    context = {
        "product": item,
        "scenes": scenes,
        "panels": panels.panels_for(request.user, [s.scene for s in scenes]),
        "segments": list(item.segments.all()),
        "section": "search",
        **_tray(request),
    }
    return render(request, "providers/catalogue_product.html", context)


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    program = current_program()
    providers = (
        selectors.directory_providers().prefetch_related("segments").order_by("kind", "name")
    )
    if program is not None:
        providers = providers.filter(program=program)
    segment = request.GET.get("segment", "")
    if segment:
        providers = providers.filter(segments__key=segment)
    context = {
        "providers": list(providers),
        "segments": list(program.segments.all()) if program else [],
        "segment": segment,
        "section": "directory",
    }
    return render(request, "providers/directory.html", context)


@require_GET
def directory_provider(request: HttpRequest, pk: int) -> HttpResponse:
    provider = selectors.get_directory_provider(pk)
    return render(
        request,
        "providers/directory_provider.html",
        {**selectors.public_provider_profile(provider), "section": "directory", **_tray(request)},
    )


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    context = {
        **_tray(request),
        "table": catalogue.compare_table(
            catalogue.compared_products(request.session), current_program()
        ),
        "section": "compare",
    }
    return render(request, "providers/compare.html", context)


def _after_compare_change(request: HttpRequest, error: str = "") -> HttpResponse:
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        target = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        return redirect(target if target and safe else "catalogue:compare")
    if request.POST.get("view") == "table":
        context = {
            **_tray(request, error),
            "table": catalogue.compare_table(
                catalogue.compared_products(request.session), current_program()
            ),
        }
        return render(request, "providers/partials/compare_table.html", context)
    return render(request, "providers/partials/compare_tray.html", _tray(request, error))


@require_POST
def compare_add(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        catalogue.add_to_compare(request.session, pk)
    except ValidationError as exc:
        return _after_compare_change(request, " ".join(exc.messages))
    return _after_compare_change(request)


@require_POST
def compare_remove(request: HttpRequest, pk: int) -> HttpResponse:
    catalogue.remove_from_compare(request.session, pk)
    return _after_compare_change(request)
