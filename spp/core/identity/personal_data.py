"""The identities linked to a person's account (allauth's ``SocialAccount``: the federation,
its identifier for the person, the claims kept by ``provider.extract_extra_data``), for core's
export and erasure. Erasing unlinks them, so that the identity can never sign into the erased
account again."""

from allauth.socialaccount.models import SocialAccount


def personal_data_sections(user) -> dict:
    return {
        "identites_reliees": [
            {"fournisseur": account.provider, "identifiant": account.uid,
             "reliee_le": account.date_joined, "derniere_connexion": account.last_login,
             "donnees_recues": account.extra_data}
            for account in SocialAccount.objects.filter(user=user).order_by("id")
        ],
    }


def personal_data_erase(user) -> None:
    SocialAccount.objects.filter(user=user).delete()
