"""Provider models, one module per topic (re-exported here, as zerver/models/ does)."""

from dxpilot.providers.models.attachment import Attachment as Attachment
from dxpilot.providers.models.decision import ProviderDecision as ProviderDecision
from dxpilot.providers.models.product import Deployment as Deployment
from dxpilot.providers.models.product import PriceUnit as PriceUnit
from dxpilot.providers.models.product import Product as Product
from dxpilot.providers.models.product import ProductDecision as ProductDecision
from dxpilot.providers.models.product import ProductKind as ProductKind
from dxpilot.providers.models.product import ProductScene as ProductScene
from dxpilot.providers.models.product import ProductTerm as ProductTerm
from dxpilot.providers.models.provider import Provider as Provider
from dxpilot.providers.models.provider import Qualification as Qualification
from dxpilot.providers.models.provider import ReferenceProject as ReferenceProject
from dxpilot.providers.models.review import ProviderEvaluation as ProviderEvaluation
from dxpilot.providers.models.review import ProviderRating as ProviderRating
