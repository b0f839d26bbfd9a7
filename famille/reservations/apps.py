from django.apps import AppConfig


class ReservationsConfig(AppConfig):
    name = "famille.reservations"
    label = "reservations"
    verbose_name = "Réservations"
