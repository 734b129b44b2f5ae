"""API shapes of the rosters app."""

from datetime import datetime

from ninja import Schema


class NeedOut(Schema):
    id: int
    qualification: str
    min: int
    max: int


class ShiftOut(Schema):
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
