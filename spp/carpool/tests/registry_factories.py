"""Journey proofs for the export tests, made as people make them: a driver publishes a trip,
a passenger books it, the driver types the passenger's code at the stop (class A), and each of
them may share a position near the boarding stop (B: one of them, C: both)."""

from decimal import Decimal

from spp.carpool import selectors, services
from spp.carpool.tests.factories import LineFactory, book, contributor_of, publish_trip, tariff_for

# Near Voiron station (the line's first stop), a few tens of metres away.
NEAR_VOIRON = (Decimal("45.364100"), Decimal("5.589500"))


def occupant(service, *, phone="06 12 34 56 78", last_name="Dupont"):
    """An enrolled contributor with what the registry's identity needs."""
    user = contributor_of(service)
    user.phone, user.last_name = phone, last_name
    user.save(update_fields=["phone", "last_name"])
    return user


def journey_proof(line=None, *, proof_class="A", departs_at=None, driver=None, passenger=None,
                  seats=1):
    """A proof of the given class for a trip over the whole line (Voiron → Voreppe)."""
    if line is None:
        line = LineFactory()
        tariff_for(line)
    driver = driver or occupant(line.service, phone="0611223344", last_name="Martin")
    passenger = passenger or occupant(line.service)
    trip = publish_trip(line, driver, departs_at=departs_at, seats=max(3, seats))
    booking = book(trip, passenger, seats=seats)
    geometry = selectors.line_geometry(line)
    at = booking.boards_at
    if proof_class == "C":
        services.journey_confirm_by_passenger(actor=passenger, booking=booking,
                                              geometry=geometry, latitude=NEAR_VOIRON[0],
                                              longitude=NEAR_VOIRON[1], now=at)
    position = NEAR_VOIRON if proof_class in ("B", "C") else (None, None)
    proof = services.journey_confirm_by_driver(actor=driver, booking=booking, geometry=geometry,
                                               code=booking.code, latitude=position[0],
                                               longitude=position[1], now=at)
    assert proof.proof_class == proof_class, proof.proof_class
    return proof
