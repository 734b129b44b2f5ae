from django.urls import path

from spp.rosters import views_feeds, views_manage, views_participant, views_roster

app_name = "rosters"
urlpatterns = [
    path("mes-gardes/", views_participant.my_shifts, name="my_shifts"),
    path("mes-gardes/calendrier/revoquer/", views_feeds.calendar_revoke, name="calendar_revoke"),
    path("calendrier/<str:token>.ics", views_feeds.calendar_feed, name="calendar_feed"),
    path("alertes/<int:pk>/", views_participant.callout_detail, name="callout_detail"),
    path("besoins/<int:pk>/inscription/", views_participant.signup, name="signup"),
    path("affectations/<int:pk>/annuler/", views_participant.cancel, name="cancel"),
    path("besoins/<int:pk>/alerte/", views_manage.callout_create, name="callout_create"),
    path("affectations/<int:pk>/presence/", views_manage.attend, name="attend"),
    path("plannings/<int:pk>/", views_roster.roster_review, name="roster_review"),
    path("<slug:slug>/", views_participant.service_home, name="service_home"),
    path("<slug:slug>/disponibilites/", views_participant.availability, name="availability"),
    path("<slug:slug>/gardes/", views_participant.open_shifts, name="open_shifts"),
    path("<slug:slug>/foyer/", views_participant.household, name="household"),
    path("<slug:slug>/missions.json", views_feeds.missions_feed, name="missions_feed"),
    path("<slug:slug>/gestion/", views_manage.service_manage, name="service_manage"),
    path("<slug:slug>/gestion/gardes/nouvelle/", views_manage.shift_create, name="shift_create"),
    path("<slug:slug>/gestion/recurrences/nouvelle/", views_manage.pattern_create,
         name="pattern_create"),
    path("<slug:slug>/gestion/couverture/", views_manage.coverage, name="coverage"),
    path("<slug:slug>/gestion/presences/", views_manage.attendance, name="attendance"),
    path("<slug:slug>/gestion/foyers/", views_manage.households, name="households"),
    path("<slug:slug>/gestion/plannings/", views_roster.roster_request, name="roster_request"),
]
