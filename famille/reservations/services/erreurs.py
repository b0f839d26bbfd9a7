"""The domain error of bookings: its message is French and may be shown as it is."""

from __future__ import annotations


class ReservationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
