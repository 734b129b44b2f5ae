"""The peers pages, under /pairs/: asking for a peer, referring a patient, the coordinators'
queue and ranking, the experts' proposals, sessions and profile, a person's own requests."""

from django.urls import path

from spp.peers.views import experts, requests, service

app_name = "peers"

urlpatterns = [
    path("mes-demandes/", requests.my_requests, name="my_requests"),
    path("mes-accompagnements/", experts.my_accompaniments, name="my_accompaniments"),
    path("propositions/<int:pk>/accepter/", experts.proposal_accept, name="proposal_accept"),
    path("propositions/<int:pk>/decliner/", experts.proposal_decline, name="proposal_decline"),
    path("demandes/<int:pk>/", requests.request_detail, name="request_detail"),
    path("demandes/<int:pk>/pairs/", requests.request_experts, name="request_experts"),
    path("demandes/<int:pk>/proposer/<int:expert_pk>/", requests.proposal_make,
         name="proposal_make"),
    path("demandes/<int:pk>/cloturer/", requests.request_close, name="request_close"),
    path("demandes/<int:pk>/seance/", experts.session_log, name="session_log"),
    path("<slug:slug>/", service.service_home, name="service_home"),
    path("<slug:slug>/demander/", service.request_create, name="request_create"),
    path("<slug:slug>/orienter/", service.request_refer, name="request_refer"),
    path("<slug:slug>/mon-profil/", experts.profile_edit, name="profile_edit"),
    path("<slug:slug>/gestion/", service.service_manage, name="service_manage"),
]
