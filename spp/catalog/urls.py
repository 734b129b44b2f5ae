from django.urls import path

from spp.catalog import views

app_name = "catalog"
urlpatterns = [
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("services/<slug:slug>/charte/", views.charter, name="charter"),
    path("inscriptions/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("inscriptions/<int:pk>/action/", views.enrolment_action, name="enrolment_action"),
    path("incidents/declarer/", views.incident_declare, name="incident_declare"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("gestion/incidents/", views.incident_list, name="incident_list"),
    path(
        "gestion/services/<slug:slug>/inscriptions/",
        views.manage_enrolments,
        name="manage_enrolments",
    ),
    path(
        "gestion/services/<slug:slug>/contributeurs/",
        views.manage_contributors,
        name="manage_contributors",
    ),
    path(
        "gestion/services/<slug:slug>/contributeurs/<int:user_id>/qualifications/",
        views.person_qualifications,
        name="person_qualifications",
    ),
    path("gestion/services/<slug:slug>/charte/", views.charter_publish, name="charter_publish"),
    path(
        "gestion/qualifications/<int:pk>/verifier/",
        views.qualification_verify,
        name="qualification_verify",
    ),
]
