"""Core's API router (mounted at /api/v1/core/): what an API token is, for an integration to
check the one it was given. Thin."""

from ninja import Router

from spp.core.api_auth import api_token_auth, calling_token
from spp.core.schemas import TokenOut

router = Router(tags=["core"])


@router.get("/token", response=TokenOut, auth=api_token_auth,
            summary="Décrire le jeton d’API utilisé")
def token_detail(request):
    """L’organisation pour laquelle le jeton agit, sa portée (``read`` : lecture seule ;
    ``write`` : lecture et écriture) et son expiration. Appel avec
    ``Authorization: Bearer <jeton>`` uniquement."""
    token = calling_token(request)
    organisation = token.organisation
    return {"name": token.name, "prefix": token.prefix, "scope": token.scope,
            "organisation": {"slug": organisation.slug, "name": organisation.name,
                             "kind": organisation.kind},
            "created_at": token.created_at, "expires_at": token.expires_at}
