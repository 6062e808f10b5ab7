"""Parks models, one module per topic (re-exported here)."""

from dxpilot.parks.models.event import EventKind as EventKind
from dxpilot.parks.models.event import EventStatus as EventStatus
from dxpilot.parks.models.event import ParkEvent as ParkEvent
from dxpilot.parks.models.event import ParkEventPhoto as ParkEventPhoto
from dxpilot.parks.models.park import Park as Park
