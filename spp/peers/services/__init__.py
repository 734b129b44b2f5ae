from spp.peers.services.profiles import expert_profile_save
from spp.peers.services.proposals import proposal_accept, proposal_decline, proposal_make
from spp.peers.services.requests import (
    CONSENT_MESSAGE,
    request_close,
    request_create,
    request_personal_read,
    requests_purge,
    requests_reencrypt,
)
from spp.peers.services.sessions import session_log

__all__ = ["CONSENT_MESSAGE", "expert_profile_save", "proposal_accept", "proposal_decline",
           "proposal_make", "request_close", "request_create", "request_personal_read",
           "requests_purge", "requests_reencrypt", "session_log"]
