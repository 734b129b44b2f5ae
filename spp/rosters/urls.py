from django.urls import path

from spp.rosters.views import feeds, manage, participant, roster

app_name = "rosters"
urlpatterns = [
    path("mes-gardes/", participant.my_shifts, name="my_shifts"),
    path("mes-gardes/calendrier/revoquer/", feeds.calendar_revoke, name="calendar_revoke"),
    path("calendrier/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
    path("alertes/<int:pk>/", participant.callout_detail, name="callout_detail"),
    path("besoins/<int:pk>/inscription/", participant.signup, name="signup"),
    path("affectations/<int:pk>/annuler/", participant.cancel, name="cancel"),
    path("besoins/<int:pk>/alerte/", manage.callout_create, name="callout_create"),
    path("affectations/<int:pk>/presence/", manage.attend, name="attend"),
    path("plannings/<int:pk>/", roster.roster_review, name="roster_review"),
    path("<slug:slug>/", participant.service_home, name="service_home"),
    path("<slug:slug>/disponibilites/", participant.availability, name="availability"),
    path("<slug:slug>/gardes/", participant.open_shifts, name="open_shifts"),
    path("<slug:slug>/foyer/", participant.household, name="household"),
    path("<slug:slug>/missions.json", feeds.missions_feed, name="missions_feed"),
    path("<slug:slug>/gestion/", manage.service_manage, name="service_manage"),
    path("<slug:slug>/gestion/gardes/nouvelle/", manage.shift_create, name="shift_create"),
    path("<slug:slug>/gestion/recurrences/nouvelle/", manage.pattern_create,
         name="pattern_create"),
    path("<slug:slug>/gestion/couverture/", manage.coverage, name="coverage"),
    path("<slug:slug>/gestion/presences/", manage.attendance, name="attendance"),
    path("<slug:slug>/gestion/foyers/", manage.households, name="households"),
    path("<slug:slug>/gestion/plannings/", roster.roster_request, name="roster_request"),
]
