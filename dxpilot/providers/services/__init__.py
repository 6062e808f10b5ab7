"""Writes to providers and products, one module per topic (re-exported here). Every write checks
who may act, locks its row, lists every broken rule in one ValidationError and is audited."""

from dxpilot.providers.services.admission import approve_provider as approve_provider
from dxpilot.providers.services.admission import reject_application as reject_application
from dxpilot.providers.services.admission import return_application as return_application
from dxpilot.providers.services.applications import ApplicationData as ApplicationData
from dxpilot.providers.services.applications import RegistrationData as RegistrationData
from dxpilot.providers.services.applications import add_qualification as add_qualification
from dxpilot.providers.services.applications import add_reference as add_reference
from dxpilot.providers.services.applications import application_problems as application_problems
from dxpilot.providers.services.applications import attach_document as attach_document
from dxpilot.providers.services.applications import (
    record_attachment_download as record_attachment_download,
)
from dxpilot.providers.services.applications import register_provider as register_provider
from dxpilot.providers.services.applications import (
    remove_application_item as remove_application_item,
)
from dxpilot.providers.services.applications import submit_application as submit_application
from dxpilot.providers.services.applications import update_application as update_application
from dxpilot.providers.services.products import ProductData as ProductData
from dxpilot.providers.services.products import create_product as create_product
from dxpilot.providers.services.products import delist_product as delist_product
from dxpilot.providers.services.products import list_product as list_product
from dxpilot.providers.services.products import return_product as return_product
from dxpilot.providers.services.products import review_product as review_product
from dxpilot.providers.services.products import select_excellent as select_excellent
from dxpilot.providers.services.products import submit_product as submit_product
from dxpilot.providers.services.products import update_product as update_product
from dxpilot.providers.services.sanctions import DIMENSIONS as DIMENSIONS
from dxpilot.providers.services.sanctions import STAR_BANDS as STAR_BANDS
from dxpilot.providers.services.sanctions import appeal_decision as appeal_decision
from dxpilot.providers.services.sanctions import decide_appeal as decide_appeal
from dxpilot.providers.services.sanctions import evaluate_provider as evaluate_provider
from dxpilot.providers.services.sanctions import rate_provider as rate_provider
from dxpilot.providers.services.sanctions import reinstate_provider as reinstate_provider
from dxpilot.providers.services.sanctions import remove_provider as remove_provider
from dxpilot.providers.services.sanctions import stars_for as stars_for
from dxpilot.providers.services.sanctions import suspend_provider as suspend_provider
from dxpilot.providers.services.sanctions import warn_provider as warn_provider
