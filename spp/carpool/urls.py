"""The carpool pages, under /covoiturage/: a service's lines, searching and booking, offering
a trip, confirming a journey at the stop, and the coordinators' pages."""

from django.urls import path

from spp.carpool.views import bookings, dashboard, exports, guarantee, lines, manage, sms, trips

app_name = "carpool"

urlpatterns = [
    # People (spp/carpool/views/lines.py, trips.py, bookings.py).
    path("mes-trajets/", trips.my_trips, name="my_trips"),
    path("trajets/<int:pk>/", trips.trip_detail, name="trip_detail"),
    path("trajets/<int:pk>/annuler/", trips.trip_cancel, name="trip_cancel"),
    path("trajets/<int:pk>/reserver/", bookings.booking_create, name="booking_create"),
    path("reservations/<int:pk>/", bookings.booking_detail, name="booking_detail"),
    path("reservations/<int:pk>/annuler/", bookings.booking_cancel, name="booking_cancel"),
    path("reservations/<int:pk>/code/", bookings.journey_confirm_by_driver,
         name="journey_confirm_by_driver"),
    path("reservations/<int:pk>/a-bord/", bookings.journey_confirm_by_passenger,
         name="journey_confirm_by_passenger"),
    path("<slug:slug>/", lines.service_home, name="service_home"),
    path("<slug:slug>/lignes/<slug:code>/", lines.line_detail, name="line_detail"),
    path("<slug:slug>/lignes/<slug:code>/proposer/", trips.trip_publish, name="trip_publish"),
    # Coordinators (spp/carpool/views/manage.py).
    path("<slug:slug>/gestion/", manage.service_manage, name="service_manage"),
    path("<slug:slug>/gestion/nouvelle-ligne/", manage.line_edit, name="line_create"),
    path("<slug:slug>/gestion/lignes/<slug:code>/", manage.line_edit, name="line_edit"),
    path("<slug:slug>/gestion/lignes/<slug:code>/tarif/", manage.line_tariff,
         name="line_tariff"),
    # Exports and open data (views/exports.py), the dashboard (views/dashboard.py).
    path("<slug:slug>/arrets.csv", exports.stops_csv, name="stops_csv"),
    path("<slug:slug>/gestion/registre/<int:year>-<int:month>.jsonl", exports.registry_month,
         name="registry_month"),
    path("<slug:slug>/gestion/lignes/<slug:code>/tableau-de-bord/", dashboard.line_dashboard,
         name="line_dashboard"),
    # The guaranteed ride (views/guarantee.py) and requests by SMS (views/sms.py).
    path("recherches/<int:pk>/trajet-garanti/", guarantee.ride_guarantee_request_view,
         name="ride_guarantee_request"),
    path("sms/<slug:slug>/entrant/", sms.sms_inbound, name="sms_inbound"),
]
