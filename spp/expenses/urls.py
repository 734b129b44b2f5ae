"""The expenses pages, under /frais/: a contributor's claims, a service's review queue, budget
and payments, an operator's tax receipts."""

from django.urls import path

from spp.expenses.views import budget, claims, payments, policies, review, waivers

app_name = "expenses"

urlpatterns = [
    # A contributor's claims (spp/expenses/views/claims.py).
    path("", claims.my_claims, name="my_claims"),
    path("participations/<int:participation_id>/demander/", claims.claim_start,
         name="claim_start"),
    path("demandes/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("demandes/<int:pk>/lignes/", claims.claim_line_add, name="claim_line_add"),
    path("demandes/<int:pk>/lignes/<int:line_id>/supprimer/", claims.claim_line_remove,
         name="claim_line_remove"),
    path("demandes/<int:pk>/lignes/<int:line_id>/justificatif/", claims.claim_line_receipt,
         name="claim_line_receipt"),
    path("demandes/<int:pk>/envoyer/", claims.claim_submit, name="claim_submit"),
    path("demandes/<int:pk>/retirer/", claims.claim_withdraw, name="claim_withdraw"),
    # Reviewing (spp/expenses/views/review.py).
    path("services/<slug:slug>/a-valider/", review.review_queue, name="review_queue"),
    path("services/<slug:slug>/a-valider/validation-groupee/", review.claims_bulk_approve,
         name="claims_bulk_approve"),
    path("demandes/<int:pk>/decision/", review.claim_decide, name="claim_decide"),
    # Budget (spp/expenses/views/budget.py).
    path("services/<slug:slug>/budget/", budget.service_budget, name="service_budget"),
    path("services/<slug:slug>/politique/", policies.service_policy, name="service_policy"),
    # The catalog's back office links each service's tools by this name (pattern_links.py).
    path("services/<slug:slug>/budget/", budget.service_budget, name="service_manage"),
    # --- payments: payout account and exports (spp/expenses/views/payments.py) ---
    path("compte/", payments.payout_account, name="payout_account"),
    path("services/<slug:slug>/paiements/", payments.service_payments, name="service_payments"),
    path("paiements/<int:pk>/fichier/", payments.payment_export_download,
         name="payment_export_download"),
    # --- end payments ---
    # --- waivers and tax receipts (spp/expenses/views/waivers.py) ---
    path("demandes/<int:pk>/abandon/", waivers.claim_waive, name="claim_waive"),
    path("organisations/<slug:slug>/recus-fiscaux/", waivers.tax_receipts, name="tax_receipts"),
    path("recus-fiscaux/<int:pk>/recu.pdf", waivers.tax_receipt_pdf, name="tax_receipt_pdf"),
    path("recus-fiscaux/", waivers.my_tax_receipts, name="my_tax_receipts"),
    # --- end waivers ---
]
