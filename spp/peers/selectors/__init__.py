from spp.peers.selectors.matching import (
    WEIGHTS,
    Candidate,
    eligible_experts,
    expert_candidate,
    expert_ineligibility,
    experts_ranked,
    score_parts,
)
from spp.peers.selectors.requests import (
    accompaniments_of_expert,
    profiles_of_expert,
    proposals_for_expert,
    request_history,
    requests_of_requester,
    requests_queue,
)

__all__ = ["WEIGHTS", "Candidate", "accompaniments_of_expert", "eligible_experts",
           "expert_candidate", "expert_ineligibility", "experts_ranked", "profiles_of_expert",
           "proposals_for_expert", "request_history", "requests_of_requester", "requests_queue",
           "score_parts"]
