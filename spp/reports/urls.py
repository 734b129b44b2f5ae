from django.urls import path

from spp.reports import views, views_manage

app_name = "reports"
urlpatterns = [
    path("services/<slug:slug>/", views.service_home, name="service_home"),
    path("services/<slug:slug>/signaler/", views.report_new, name="report_new"),
    path("services/<slug:slug>/carte.json", views.map_json, name="map_json"),
    path("services/<slug:slug>/doublons.json", views.duplicates_json, name="duplicates_json"),
    path("suivi/<str:reference>/", views.report_detail, name="report_detail"),
    path("suivi/<str:reference>/appuyer/", views.report_support, name="report_support"),
    path("suivi/<str:reference>/confirmer/", views.report_confirm, name="report_confirm"),
    path("gestion/services/<slug:slug>/", views_manage.service_manage, name="service_manage"),
    path("gestion/services/<slug:slug>/categories/", views_manage.categories_manage,
         name="categories_manage"),
    path("gestion/<str:reference>/", views_manage.report_handle, name="report_handle"),
    path("gestion/<str:reference>/action/", views_manage.report_handle_action,
         name="report_handle_action"),
]
