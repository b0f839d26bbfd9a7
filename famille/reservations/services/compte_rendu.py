"""The compte-rendu of bookings (« le compte-rendu de vos réservations », the memo): after every
change a family gets — a confirmation on the portal, an offered place accepted, a change made
at the counter — one e-mail to every address of the profile, sent by a django-q2 task once the
change is committed (the request never waits for SMTP; a rolled-back change sends nothing).
The task gets primitive data only."""

from __future__ import annotations

from django.db import transaction

from famille.comptes.taches import mettre_en_file


def _cle(ligne) -> tuple[int, int, str]:
    jour = getattr(ligne, "jour", None) or ligne.date
    return ligne.enfant_id, ligne.prestation_id, jour.isoformat()


def programmer(compte_id: int | None, *, ajoutees=(), en_attente=(), annulees=()) -> None:
    """Queue the e-mail after the commit. Lines are bookings or Demande (enfant_id,
    prestation_id, jour/date). Nothing changed, or no account: no e-mail."""
    lignes = {
        "ajoutees": [_cle(r) for r in ajoutees],
        "en_attente": [_cle(r) for r in en_attente],
        "annulees": [_cle(r) for r in annulees],
    }
    if compte_id is None or not any(lignes.values()):
        return

    def _envoyer():
        # A queue that does not answer is logged; the bookings stay confirmed.
        mettre_en_file("famille.reservations.tasks.envoyer_compte_rendu", compte_id, lignes)

    transaction.on_commit(_envoyer, robust=True)


def programmer_bilan(compte_id: int | None, bilan) -> None:
    """The compte-rendu of one operations.appliquer."""
    programmer(
        compte_id, ajoutees=bilan.ajoutees, en_attente=bilan.en_attente, annulees=bilan.annulees
    )
