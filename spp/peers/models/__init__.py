from spp.peers.models.experts import (
    DEFAULT_RETENTION_DAYS,
    MAX_RADIUS_KM,
    Domain,
    ExpertProfile,
    Language,
    Mode,
    PeerSettings,
    languages_column,
)
from spp.peers.models.requests import (
    PERSONAL_FIELDS,
    PeerRequest,
    PeerSession,
    Proposal,
    RequestEvent,
)

__all__ = ["DEFAULT_RETENTION_DAYS", "Domain", "ExpertProfile", "Language", "MAX_RADIUS_KM",
           "Mode", "PERSONAL_FIELDS", "PeerRequest", "PeerSession", "PeerSettings", "Proposal",
           "RequestEvent", "languages_column"]
