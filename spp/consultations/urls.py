from django.urls import path

from spp.consultations.views import manage, proposals, public

app_name = "consultations"
urlpatterns = [
    path("", public.index, name="index"),
    path("service/<slug:slug>/", public.service_home, name="service_home"),
    path("gestion/service/<slug:slug>/", manage.service_manage, name="service_manage"),
    path("gestion/service/<slug:slug>/nouvelle/", manage.consultation_create,
         name="create"),
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/repondre/", public.answer, name="answer"),
    path("<slug:slug>/resultats/", public.results_page, name="results"),
    path("<slug:slug>/resultats/questions/<int:pk>/", public.results_texts, name="results_texts"),
    path("<slug:slug>/propositions/", proposals.proposal_list, name="proposals"),
    path("<slug:slug>/propositions/nouvelle/", proposals.proposal_create,
         name="proposal_create"),
    path("<slug:slug>/propositions/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("<slug:slug>/propositions/<int:pk>/soutien/", proposals.support, name="support"),
    path("<slug:slug>/propositions/<int:pk>/commenter/", proposals.comment,
         name="comment"),
    path("<slug:slug>/propositions/<int:pk>/signaler/", proposals.report, name="report"),
    path("<slug:slug>/gestion/", manage.manage, name="manage"),
    path("<slug:slug>/gestion/parties/", manage.section_create, name="section_create"),
    path("<slug:slug>/gestion/questions/nouvelle/", manage.question_edit,
         name="question_create"),
    path("<slug:slug>/gestion/questions/<int:pk>/", manage.question_edit,
         name="question_edit"),
    path("<slug:slug>/gestion/moderation/", manage.moderation_queue, name="moderation"),
    path("<slug:slug>/gestion/moderation/decision/", manage.moderation_decision,
         name="moderation_decision"),
    path("<slug:slug>/gestion/synthese/", manage.synthesis, name="synthesis"),
    path("<slug:slug>/gestion/export/", manage.export, name="export"),
    path("<slug:slug>/gestion/evaluation/envoyer/", manage.evaluation_send,
         name="evaluation_send"),
]
