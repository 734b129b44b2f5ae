"""What erasing a person (``spp.core.services.user_erase``) does to the expenses app's rows.
Called through ``ExpensesConfig.personal_data_erase`` (``spp.core.personal_data``).

Claims are accounting records the authority must keep (public accounting; ten years): they
stay, with their costs, receipts and history, signed by the erased account (which has no name,
address or phone any more). The reimbursement account (holder's name, IBAN) is deleted. Waivers
and tax receipts keep their amounts, dates and numbers for the operator's books, but the
signer's and donor's name becomes "Personne effacée" and their address is blanked."""

from spp.expenses.models import Claim, PayoutAccount, TaxReceipt, Waiver

ERASED_NAME = "Personne effacée"


def personal_data_erase(user) -> None:
    PayoutAccount.objects.filter(user=user).delete()
    Waiver.objects.filter(claim__in=Claim.objects.filter(claimant=user)).update(
        signer_name=ERASED_NAME, signer_address=""
    )
    TaxReceipt.objects.filter(user=user).update(
        user=None, donor_name=ERASED_NAME, donor_address=""
    )
