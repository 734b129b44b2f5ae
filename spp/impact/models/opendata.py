"""The open-data files as published: an authority's figures of one year in CSV and in JSON,
written by the refresh task in the same transaction as the figures they hold (the issue's
"exports refreshed by a scheduled task"). A download reads one row, whatever the size of the
ledger; the file says when it was computed."""

from django.db import models


class OpenDataFile(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    authority = models.ForeignKey("core.Organisation", on_delete=models.CASCADE,
                                  related_name="impact_open_data")
    year = models.PositiveSmallIntegerField()
    fmt = models.CharField(max_length=10, choices=Format.choices)
    content = models.TextField()
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["authority", "-year", "fmt"]
        constraints = [models.UniqueConstraint(fields=["authority", "year", "fmt"],
                                               name="open_data_one_file_per_year_and_format")]

    def __str__(self):
        return f"{self.authority_id} {self.year}.{self.fmt}"
