from django.contrib import admin

from spp.catalog.models import (
    Charter,
    Enrolment,
    Incident,
    Qualification,
    QualificationType,
    Service,
)

admin.site.register([Service, Charter, Enrolment, Incident, Qualification, QualificationType])
