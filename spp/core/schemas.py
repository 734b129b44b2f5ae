"""Shapes of core's API answers."""

from datetime import datetime

from ninja import Schema


class TokenOrganisationOut(Schema):
    slug: str
    name: str
    kind: str


class TokenOut(Schema):
    """The API token a request was made with: whom it acts for, what it may do, until when."""

    name: str
    prefix: str
    scope: str
    organisation: TokenOrganisationOut
    created_at: datetime
    expires_at: datetime | None
