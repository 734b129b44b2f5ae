"""The impact app's tables: the figures computed from the ledger and the pattern apps
(``figures.py``), the emission factor they use, the open-data files made from them
(``opendata.py``), and the attestations of volunteer activity
given to citizens (``attestations.py``)."""

from spp.impact.models.attestations import Attestation
from spp.impact.models.figures import EmissionFactor, FiguresRefresh, PeriodFigures
from spp.impact.models.opendata import OpenDataFile

__all__ = ["Attestation", "EmissionFactor", "FiguresRefresh", "OpenDataFile", "PeriodFigures"]
