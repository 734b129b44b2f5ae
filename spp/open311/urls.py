from django.urls import path, register_converter

from spp.open311 import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"
urlpatterns = [
    path("discovery.<fmt:fmt>", views.discovery, name="discovery"),
    path("v2/services.<fmt:fmt>", views.service_list, name="services"),
    path("v2/services/<slug:code>.<fmt:fmt>", views.service_definition,
         name="service_definition"),
    path("v2/requests.<fmt:fmt>", views.requests, name="requests"),
    path("v2/requests/<str:reference>.<fmt:fmt>", views.request_detail, name="request_detail"),
    path("v2/tokens/<str:token>.<fmt:fmt>", views.token_detail, name="token_detail"),
]
