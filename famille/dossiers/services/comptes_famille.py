"""Rules of the Compte Famille: creating accounts for the Education service (by hand, at the
counter or from the school registration import) and the custody rules of separated parents."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from famille.comptes import services as comptes_services
from famille.comptes.models import Compte, Structure

from ..models import Enfant, Foyer, Garde


@dataclass
class CompteCree:
    foyer: Foyer
    mot_de_passe_initial: str | None  # readable only now, for the letter; None if not reset


@transaction.atomic
def creer_compte_famille(
    *,
    identifiant: str,
    prenom: str,
    nom: str,
    emails: str = "",
    structures: list[Structure] | None = None,
    mot_de_passe: str | None = None,
    **champs_foyer,
) -> CompteCree:
    """Create the titulaire's account and its foyer, with a one-time initial password.

    `mot_de_passe` is for the demo only: real accounts get a random initial password, shown
    once to staff for the letter and never stored readable."""
    identifiant = identifiant.strip()
    compte = Compte(
        username=identifiant, first_name=prenom.strip(), last_name=nom.strip(), emails=emails
    )
    compte.full_clean(exclude=["password"])
    if mot_de_passe:
        compte.set_password(mot_de_passe)
        compte.mot_de_passe_initial = True
        compte.save()
        initial = mot_de_passe
    else:
        compte.save()
        initial = comptes_services.attribuer_mot_de_passe_initial(compte)
    if structures:
        compte.structures.set(structures)
    foyer = Foyer.objects.create(numero=identifiant, titulaire=compte, **champs_foyer)
    return CompteCree(foyer=foyer, mot_de_passe_initial=initial)


def rattacher_enfant(
    foyer: Foyer, enfant: Enfant, regle: str = Garde.Regle.TOUJOURS, jours: str = ""
) -> Garde:
    garde, _ = Garde.objects.update_or_create(
        foyer=foyer, enfant=enfant, defaults={"regle": regle, "jours": jours}
    )
    return garde


def garde_couvre(garde: Garde, jour: datetime.date) -> bool:
    """Whether the custody rule of this link gives the child to this foyer on that day."""
    regle = garde.regle
    if regle == Garde.Regle.TOUJOURS:
        return True
    if regle in (Garde.Regle.SEMAINES_PAIRES, Garde.Regle.SEMAINES_IMPAIRES):
        paire = jour.isocalendar().week % 2 == 0
        return paire == (regle == Garde.Regle.SEMAINES_PAIRES)
    if regle == Garde.Regle.JOURS:
        return jour.isoweekday() in garde.jours_iso
    if regle == Garde.Regle.PERIODES:
        return any(p.debut <= jour <= p.fin for p in garde.periodes.all())
    return False


def may_book(compte: Compte, enfant: Enfant, jour: datetime.date) -> bool:
    """May this account book for this child on that day? Only the foyer's own children, and
    for a separated family only on its own custody days. The reservations issue calls it."""
    foyer = getattr(compte, "foyer", None)
    if foyer is None:
        return False
    garde = Garde.objects.filter(foyer=foyer, enfant=enfant).prefetch_related("periodes").first()
    return garde is not None and garde_couvre(garde, jour)


def enfants_du_compte(compte: Compte):
    """The children an account sees: those linked to its foyer (both parents see shared ones)."""
    foyer = getattr(compte, "foyer", None)
    if foyer is None:
        return Enfant.objects.none()
    return Enfant.objects.filter(gardes__foyer=foyer).distinct()
