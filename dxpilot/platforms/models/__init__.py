"""Platform models, one module per topic (re-exported here, as zerver/models/ does)."""

from dxpilot.platforms.models.adoption import AdoptionSource as AdoptionSource
from dxpilot.platforms.models.adoption import CloudAdoption as CloudAdoption
from dxpilot.platforms.models.adoption import PlatformGrant as PlatformGrant
from dxpilot.platforms.models.platform import Platform as Platform
from dxpilot.platforms.models.platform import PlatformKind as PlatformKind
from dxpilot.platforms.models.platform import PlatformLevel as PlatformLevel
from dxpilot.platforms.models.platform import SystemGroup as SystemGroup
