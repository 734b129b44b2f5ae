"""Writing an authority's open-data files of one year (``OpenDataFile``), from the figures
just computed: called by the refresh inside the transaction that replaced those figures, so
a file never disagrees with the figures it was made from."""

from spp.impact import opendata
from spp.impact.models import OpenDataFile


def opendata_files_write(*, authority, year: int) -> int:
    """Replace the year's CSV and JSON files of ``authority`` (none when nothing was computed
    for it, or nothing is published); return how many were written."""
    OpenDataFile.objects.filter(authority=authority, year=year).delete()
    data = opendata.year_figures(authority, year)
    if data is None:
        return 0
    OpenDataFile.objects.bulk_create([
        OpenDataFile(authority=authority, year=year, fmt=OpenDataFile.Format.CSV,
                     content=opendata.figures_csv(data), computed_at=data.computed_at),
        OpenDataFile(authority=authority, year=year, fmt=OpenDataFile.Format.JSON,
                     content=opendata.figures_json(data), computed_at=data.computed_at),
    ])
    return 2
