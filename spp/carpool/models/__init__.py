from spp.carpool.models.demand import RideSearch
from spp.carpool.models.lines import Direction, Line, LineTariff, Stop
from spp.carpool.models.proofs import DriverMonthIncentive, JourneyProof
from spp.carpool.models.stats import FlaggedBooking, LineHourStat
from spp.carpool.models.trips import Booking, BookingEvent, Trip, TripSeries

__all__ = ["Booking", "BookingEvent", "Direction", "DriverMonthIncentive", "FlaggedBooking",
           "JourneyProof",
           "Line", "LineHourStat", "LineTariff", "RideSearch", "Stop", "Trip", "TripSeries"]
