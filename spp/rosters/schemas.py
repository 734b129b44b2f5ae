"""API shapes of the rosters app."""

from datetime import datetime

from ninja import Schema
from pydantic import BaseModel


# The open shifts' shapes are plain pydantic models rather than ninja Schemas: the view hands
# them dicts, which need none of a Schema's reading of model attributes, a wrapper ninja puts
# around every shift and need it validates (about 1 ms for a list of 50 shifts).
class NeedOut(BaseModel):
    id: int
    qualification: str
    min: int
    max: int


class ShiftOut(BaseModel):
    id: int
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime
    needs: list[NeedOut]
    available: bool


class AssignmentOut(Schema):
    id: int
    shift: int
    need: int
    status: str
    source: str
    trainee: bool


class CallOutAnswerIn(Schema):
    accept: bool


class CallOutOut(Schema):
    id: int
    shift: int
    places: int
    accepted_count: int
    status: str
