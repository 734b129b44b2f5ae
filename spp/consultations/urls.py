from django.urls import path

from spp.consultations import views, views_manage, views_proposals

app_name = "consultations"
urlpatterns = [
    path("", views.index, name="index"),
    path("service/<slug:slug>/", views.service_home, name="service_home"),
    path("gestion/service/<slug:slug>/", views_manage.service_manage, name="service_manage"),
    path("gestion/service/<slug:slug>/nouvelle/", views_manage.consultation_create,
         name="create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/repondre/", views.answer, name="answer"),
    path("<slug:slug>/resultats/", views.results_page, name="results"),
    path("<slug:slug>/resultats/questions/<int:pk>/", views.results_texts, name="results_texts"),
    path("<slug:slug>/propositions/", views_proposals.proposal_list, name="proposals"),
    path("<slug:slug>/propositions/nouvelle/", views_proposals.proposal_create,
         name="proposal_create"),
    path("<slug:slug>/propositions/<int:pk>/", views_proposals.proposal_detail, name="proposal"),
    path("<slug:slug>/propositions/<int:pk>/soutien/", views_proposals.support, name="support"),
    path("<slug:slug>/propositions/<int:pk>/commenter/", views_proposals.comment,
         name="comment"),
    path("<slug:slug>/propositions/<int:pk>/signaler/", views_proposals.report, name="report"),
    path("<slug:slug>/gestion/", views_manage.manage, name="manage"),
    path("<slug:slug>/gestion/parties/", views_manage.section_create, name="section_create"),
    path("<slug:slug>/gestion/questions/nouvelle/", views_manage.question_edit,
         name="question_create"),
    path("<slug:slug>/gestion/questions/<int:pk>/", views_manage.question_edit,
         name="question_edit"),
    path("<slug:slug>/gestion/moderation/", views_manage.moderation_queue, name="moderation"),
    path("<slug:slug>/gestion/moderation/decision/", views_manage.moderation_decision,
         name="moderation_decision"),
    path("<slug:slug>/gestion/synthese/", views_manage.synthesis, name="synthesis"),
    path("<slug:slug>/gestion/export/", views_manage.export, name="export"),
    path("<slug:slug>/gestion/evaluation/envoyer/", views_manage.evaluation_send,
         name="evaluation_send"),
]
