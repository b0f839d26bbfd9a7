from django.apps import AppConfig


class ReservationsConfig(AppConfig):
    name = "famille.reservations"
    label = "reservations"
    verbose_name = "Réservations"

    def ready(self) -> None:
        # « Ce qu'il vous reste à faire » on Accueil lists the bookings to make or accept too.
        from famille.dossiers.services.reste_a_faire import ajouter_rubrique

        from .services.a_faire import rubrique_reservations

        ajouter_rubrique(rubrique_reservations)
