"""The Education service's admin of bookings (menu Éducation). Each module under admin/
registers its own viewsets and views: prestations, periods, closures and day capacities
(admin/prestations.py); every booking with filters and exports, the counter journal
(admin/reservations.py); booking at the counter for a family and a day's waiting list
(admin/guichet.py); the kitchens' meal counts and restaurant sites (admin/repas.py); absences
reported by parents and the decision on their justification (admin/absences.py); closing a
structure's day (admin/presences.py)."""

from .admin import absences, guichet, presences, prestations, repas, reservations  # noqa: F401
