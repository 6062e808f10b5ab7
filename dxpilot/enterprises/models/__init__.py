"""Enterprise models, one module per topic (re-exported here, as zerver/models/ does)."""

from dxpilot.enterprises.models.enterprise import Enterprise as Enterprise
from dxpilot.enterprises.models.enterprise import Nature as Nature
from dxpilot.enterprises.models.enterprise import SizeClass as SizeClass
from dxpilot.enterprises.models.enterprise import SrdiTier as SrdiTier
