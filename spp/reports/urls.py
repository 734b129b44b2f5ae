from django.urls import path

from spp.reports.views import manage, public

app_name = "reports"
urlpatterns = [
    path("services/<slug:slug>/", public.service_home, name="service_home"),
    path("services/<slug:slug>/signaler/", public.report_new, name="report_new"),
    path("services/<slug:slug>/carte.json", public.map_json, name="map_json"),
    path("services/<slug:slug>/doublons.json", public.duplicates_json, name="duplicates_json"),
    path("services/<slug:slug>/adresse/", public.address_json, name="address_json"),
    path("confirmer/<str:token>/", public.report_confirm_email, name="report_confirm_email"),
    path("suivi/<str:reference>/", public.report_detail, name="report_detail"),
    path("suivi/<str:reference>/appuyer/", public.report_support, name="report_support"),
    path("suivi/<str:reference>/confirmer/", public.report_confirm, name="report_confirm"),
    path("gestion/services/<slug:slug>/", manage.service_manage, name="service_manage"),
    path("gestion/services/<slug:slug>/export.<str:fmt>", manage.queue_export,
         name="queue_export"),
    path("gestion/services/<slug:slug>/categories/", manage.categories_manage,
         name="categories_manage"),
    path("gestion/services/<slug:slug>/categories/nouvelle/", manage.category_create,
         name="category_create"),
    path("gestion/services/<slug:slug>/categories/<int:pk>/", manage.category_edit,
         name="category_edit"),
    path("gestion/<str:reference>/", manage.report_handle, name="report_handle"),
    path("gestion/<str:reference>/action/", manage.report_handle_action,
         name="report_handle_action"),
]
