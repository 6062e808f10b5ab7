"""Enterprise models, one module per topic (re-exported here, as zerver/models/ does)."""

from dxpilot.enterprises.models.application import REQUIRED_ATTACHMENTS as REQUIRED_ATTACHMENTS
from dxpilot.enterprises.models.application import Application as Application
from dxpilot.enterprises.models.application import ApplicationAttachment as ApplicationAttachment
from dxpilot.enterprises.models.application import ApplicationEvent as ApplicationEvent
from dxpilot.enterprises.models.application import ApplicationStatus as ApplicationStatus
from dxpilot.enterprises.models.application import AttachmentKind as AttachmentKind
from dxpilot.enterprises.models.enterprise import Enterprise as Enterprise
from dxpilot.enterprises.models.enterprise import Nature as Nature
from dxpilot.enterprises.models.enterprise import SizeClass as SizeClass
from dxpilot.enterprises.models.enterprise import SrdiTier as SrdiTier
from dxpilot.enterprises.models.honour import Honour as Honour
from dxpilot.enterprises.models.honour import HonourKind as HonourKind
