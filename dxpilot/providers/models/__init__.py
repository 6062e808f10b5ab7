"""Provider models, one module per topic (re-exported here, as zerver/models/ does)."""

from dxpilot.providers.models.provider import Provider as Provider
