"""Every ORM model module, imported so that ``Base.metadata`` knows all tables.

Each area keeps its tables in its own module here; add the import when you add a module.
"""

from ticketing.db.models import cccd as cccd
from ticketing.db.models import console as console
from ticketing.db.models import devices as devices
from ticketing.db.models import fares as fares
from ticketing.db.models import ledger as ledger
from ticketing.db.models import orders as orders
from ticketing.db.models import payments as payments
from ticketing.db.models import riders as riders
from ticketing.db.models import staff as staff
from ticketing.db.models import taps as taps
from ticketing.db.models import tickets as tickets

__all__ = [
    "cccd", "console", "devices", "fares", "ledger", "orders", "payments", "riders", "staff", "taps",
    "tickets",
]
