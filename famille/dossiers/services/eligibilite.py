"""May this account book for this child on that day? The one booking-eligibility rule (issue
9.9b), asked by the bookings for every day they show or change. It combines:

- the child is linked to the account's foyer (a Garde);
- the custody rule of that link covers the day (separated parents book their own days);
- the foyer's dossier for the school year of that day is validated by the Education service
  (no campaign for that year: nothing is required).

Reading never writes (no dossier row is created to answer). `verdicts` answers for many
children and days in a fixed number of queries (two, three when a custody follows periods),
for the booking calendar."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.utils.formats import date_format

from ..models import Campagne, DossierAnnuel, Enfant, Garde, PeriodeGarde
from .campagne import campagne_du_jour
from .comptes_famille import garde_couvre


class Cause:
    """Why a verdict is negative, for screens that show each case its own way."""

    ENFANT = "enfant"  # not a child of this account
    GARDE = "garde"  # the other parent's custody day
    DOSSIER = "dossier"  # the dossier of that school year is not validated


@dataclass
class Verdict:
    ok: bool
    raisons: list[str] = field(default_factory=list)  # French sentences
    cause: str = ""

    def __bool__(self) -> bool:
        return self.ok


OUI = Verdict(ok=True)


def _foyer(compte):
    return getattr(compte, "foyer", None) if compte is not None else None


def verdicts(
    compte, enfants: Iterable[Enfant | int], jours: Iterable[datetime.date]
) -> dict[tuple[int, datetime.date], Verdict]:
    """The verdict for each (child id, day), in at most three queries whatever their number."""
    ids = [e if isinstance(e, int) else e.pk for e in enfants]
    jours = list(jours)
    foyer = _foyer(compte)
    if foyer is None:
        refus = Verdict(
            ok=False, raisons=["Ce compte n'a pas de compte famille."], cause=Cause.ENFANT
        )
        return {(i, j): refus for i in ids for j in jours}
    gardes = {
        g.enfant_id: g
        for g in Garde.objects.filter(foyer=foyer, enfant_id__in=ids).select_related("enfant")
    }
    # The custody periods only when a link follows them (rare: most are « toujours »).
    par_periodes = [g for g in gardes.values() if g.regle == Garde.Regle.PERIODES]
    if par_periodes:
        prefetch_related_objects(
            par_periodes,
            Prefetch("periodes", queryset=PeriodeGarde.objects.order_by("debut")),
        )
    # Each campaign with the status of this foyer's dossier, in one query.
    campagnes = list(
        Campagne.objects.annotate(
            statut_dossier=Subquery(
                DossierAnnuel.objects.filter(foyer=foyer, campagne=OuterRef("pk")).values("statut")[
                    :1
                ]
            )
        )
    )
    resultat: dict[tuple[int, datetime.date], Verdict] = {}
    par_campagne: dict[int | None, Verdict] = {}
    for jour in jours:
        campagne = campagne_du_jour(campagnes, jour)
        cle = campagne.pk if campagne else None
        if cle not in par_campagne:
            par_campagne[cle] = _verdict_dossier(campagne)
        verdict_dossier = par_campagne[cle]
        for enfant_id in ids:
            garde = gardes.get(enfant_id)
            if garde is None:
                resultat[enfant_id, jour] = Verdict(
                    ok=False,
                    raisons=["Cet enfant n'est pas rattaché à votre compte famille."],
                    cause=Cause.ENFANT,
                )
            elif not garde_couvre(garde, jour):
                resultat[enfant_id, jour] = Verdict(
                    ok=False,
                    raisons=[
                        f"Le {date_format(jour, 'l j F')}, {garde.enfant.prenom} est en garde "
                        "chez son autre parent : c'est à lui de réserver ce jour."
                    ],
                    cause=Cause.GARDE,
                )
            else:
                resultat[enfant_id, jour] = verdict_dossier
    return resultat


def _verdict_dossier(campagne: Campagne | None) -> Verdict:
    """`campagne` carries `statut_dossier`, the foyer's dossier status (None: no dossier)."""
    if campagne is None:
        return OUI
    statut = campagne.statut_dossier
    if statut == DossierAnnuel.Statut.VALIDE:
        return OUI
    annee = campagne.annee_scolaire
    if statut == DossierAnnuel.Statut.A_VERIFIER:
        raison = (
            f"Votre dossier famille {annee} est en cours de vérification par le service "
            "Éducation : vous pourrez réserver dès qu'il sera validé."
        )
    else:
        raison = (
            f"Votre dossier famille {annee} doit être validé avant de réserver "
            f"(date limite : {date_format(campagne.cloture, 'j F Y')}) : complétez-le dans "
            "l'onglet Dossier Famille."
        )
    return Verdict(ok=False, raisons=[raison], cause=Cause.DOSSIER)


def peut_reserver(compte, enfant: Enfant | int, jour: datetime.date) -> Verdict:
    """May `compte` book for `enfant` on `jour`? With the reasons, in French, when not."""
    return verdicts(compte, [enfant], [jour])[
        enfant if isinstance(enfant, int) else enfant.pk, jour
    ]
