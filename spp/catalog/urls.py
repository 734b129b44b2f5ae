from django.urls import path

from spp.catalog.views import (
    back_office,
    engagement,
    enrolments,
    incidents,
    qualification_types,
    qualifications,
    service_admin,
    services,
)

app_name = "catalog"
urlpatterns = [
    path("services/<slug:slug>/", services.service_detail, name="service_detail"),
    path("services/<slug:slug>/charte/", services.charter, name="charter"),
    path("inscriptions/<int:pk>/", enrolments.enrolment_detail, name="enrolment_detail"),
    path("inscriptions/<int:pk>/action/", enrolments.enrolment_action, name="enrolment_action"),
    path("incidents/declarer/", incidents.incident_declare, name="incident_declare"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("gestion/incidents/", incidents.incident_list, name="incident_list"),
    path(
        "gestion/services/<slug:slug>/inscriptions/",
        enrolments.manage_enrolments,
        name="manage_enrolments",
    ),
    path(
        "gestion/services/<slug:slug>/contributeurs/",
        enrolments.manage_contributors,
        name="manage_contributors",
    ),
    path(
        "gestion/services/<slug:slug>/contributeurs/<int:user_id>/qualifications/",
        qualifications.person_qualifications,
        name="person_qualifications",
    ),
    path("gestion/services/", service_admin.service_list, name="service_admin_list"),
    path("gestion/services/nouveau/", service_admin.service_create, name="service_admin_create"),
    path(
        "gestion/services/<slug:slug>/modifier/",
        service_admin.service_edit,
        name="service_admin_edit",
    ),
    path(
        "gestion/services/<slug:slug>/publication/",
        service_admin.service_publication,
        name="service_admin_publication",
    ),
    path("gestion/services/<slug:slug>/charte/", services.charter_publish, name="charter_publish"),
    path(
        "gestion/types-de-qualification/",
        qualification_types.qualification_type_list,
        name="qualification_type_list",
    ),
    path(
        "gestion/types-de-qualification/nouveau/",
        qualification_types.qualification_type_create,
        name="qualification_type_create",
    ),
    path(
        "gestion/types-de-qualification/<int:pk>/",
        qualification_types.qualification_type_edit,
        name="qualification_type_edit",
    ),
    path(
        "gestion/types-de-qualification/<int:pk>/action/",
        qualification_types.qualification_type_action,
        name="qualification_type_action",
    ),
    path(
        "gestion/qualifications/<int:pk>/verifier/",
        qualifications.qualification_verify,
        name="qualification_verify",
    ),
]

# The site's front page, "Mon engagement" and the back office's home show the catalog, so the
# catalog serves them; but the whole site (core's header and error pages, the settings) knows
# them as core:home, core:my_engagement and core:back_office. config/urls.py puts them in the
# "core" namespace beside core's own pages: core cannot import the catalog.
site_urlpatterns = [
    path("", services.home, name="home"),
    path("mon-engagement/", engagement.my_engagement, name="my_engagement"),
    path("gestion/", back_office.back_office, name="back_office"),
]
