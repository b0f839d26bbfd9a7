"""Demo data of billing: tariffs of the memo's services (two QF brackets, residents or not),
the structures' settings, a QF for the Martin family (F1001) and its past bookings (recorded
by the Education agent through the booking service for past days: the paper registers'
history, and two evenings phoned in after the deadline, surcharged) billed through the
consumption job, a payment at the counter, the monthly statements of the months before the
previous one, and online payment with the stand-in bank (when BANQUE_FICTIVE). Idempotent: the
job and the statements skip what exists."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from famille.comptes.models import Compte, Structure
from famille.comptes.roles import EDUCATION
from famille.dossiers.models import Foyer
from famille.reservations.models import Prestation, Reservation
from famille.reservations.services import jours_passes, operations

from .models import (
    LigneCompte,
    ParametresFacturation,
    QuotientFamilial,
    RegiePaiement,
    ReglesFacturation,
    Tarif,
)
from .services import consommations, factures, grand_livre
from .tasks import installer_planification

# code de prestation -> (bas, haut, hors commune)
PRIX = {
    "restauration": ("1.20", "3.45", "5.10"),
    "matin": ("0.80", "1.60", "2.40"),
    "soir": ("1.05", "2.10", "3.15"),
    "mercredi": ("4.00", "9.50", "14.00"),
}
JOURS_PASSES = 70


def charger(structures: dict[str, Structure]) -> None:
    aujourdhui = timezone.localdate()
    debut = datetime.date(aujourdhui.year - 1, 9, 1)
    for prestation in Prestation.objects.filter(code__in=PRIX):
        bas, haut, exterieur = (Decimal(p) for p in PRIX[prestation.code])
        for qf_min, qf_max, prix, hors in (
            (Decimal("0"), Decimal("650"), bas, False),
            (Decimal("650.01"), None, haut, False),
            (Decimal("0"), None, exterieur, True),
        ):
            Tarif.objects.get_or_create(
                prestation=prestation,
                qf_min=qf_min,
                hors_commune=hors,
                debut=debut,
                defaults={"qf_max": qf_max, "prix": prix, "reduction_fratrie": Decimal("10")},
            )
        ReglesFacturation.objects.get_or_create(
            prestation=prestation,
            defaults={
                "categorie": "repas" if prestation.code == "restauration" else "garde",
                "mode": "reservation",
            },
        )
    for structure in structures.values():
        ParametresFacturation.objects.get_or_create(structure=structure)
        # Online payment with the stand-in bank (PayFiP needs the régie's own numcli).
        RegiePaiement.objects.get_or_create(
            structure=structure,
            defaults={
                "banque": RegiePaiement.Banque.FICTIVE,
                "actif": settings.BANQUE_FICTIVE,
            },
        )
    installer_planification()

    martin = Foyer.objects.filter(numero="F1001").first()
    if martin is None:
        return
    QuotientFamilial.objects.get_or_create(
        foyer=martin,
        debut=debut,
        defaults={"valeur": Decimal("812.40"), "source": QuotientFamilial.SOURCE_CAF},
    )
    _reserver_jours_passes(martin, aujourdhui)
    for jour in _jours(aujourdhui):
        consommations.facturer_jour(jour)
    cantine = Prestation.objects.filter(code="restauration").first()
    if cantine is not None:
        structure_id = cantine.structure_id
        paiement_du = aujourdhui.replace(day=1) - datetime.timedelta(days=20)
        if not LigneCompte.objects.filter(
            foyer=martin, type=LigneCompte.Type.PAIEMENT, libelle="Paiement au guichet"
        ).exists():
            paiement = grand_livre.enregistrer_operation(
                None,
                foyer_id=martin.pk,
                structure_id=structure_id,
                type_=LigneCompte.Type.PAIEMENT,
                montant=Decimal("40.00"),
                jour=paiement_du,
                libelle="Paiement au guichet",
            )
            grand_livre.allouer(paiement)
    # Statements of the months the Historique tab no longer lists (before the previous one).
    mois = factures.mois_precedent(factures.mois_precedent(aujourdhui))
    premier = factures.debut_mois(aujourdhui - datetime.timedelta(days=JOURS_PASSES))
    while mois >= premier:
        factures.emettre_mois(mois)
        mois = factures.mois_precedent(mois)


def _jours(aujourdhui: datetime.date) -> list[datetime.date]:
    return [aujourdhui - datetime.timedelta(days=n) for n in range(JOURS_PASSES, 0, -1)]


def _reserver_jours_passes(foyer: Foyer, aujourdhui: datetime.date) -> None:
    """The canteen on Mondays, Tuesdays and Thursdays, the evening care on Tuesdays, for each
    child: the history the Education agent takes over from the paper registers (booked in
    time, no surcharge), then the evening care of the last two Thursdays the children ate at
    the canteen, phoned in after the deadline (billed with the late-booking surcharge). Both
    through the booking service for past days; a second run changes nothing."""
    prestations = {p.code: p for p in Prestation.objects.filter(code__in=("restauration", "soir"))}
    agent = Compte.objects.filter(groups__name=EDUCATION, is_active=True).order_by("pk").first()
    if len(prestations) < 2 or agent is None:
        return
    jours = _jours(aujourdhui)
    enfants = list(foyer.enfants.order_by("date_naissance"))
    demandes = []
    for jour in jours:
        codes = {0: ["restauration"], 1: ["restauration", "soir"], 3: ["restauration"]}.get(
            jour.weekday(), []
        )
        for enfant in enfants:
            for code in codes:
                demandes.append(operations.Demande(enfant.pk, prestations[code].pk, jour))
    jours_passes.enregistrer_jours_passes(
        agent, foyer, demandes, "Reprise du registre papier", tardive=False
    )
    jeudis = sorted(
        set(
            Reservation.objects.actives()
            .filter(foyer=foyer, prestation=prestations["restauration"], date__in=jours)
            .filter(date__week_day=5)  # Thursday (Sunday is 1)
            .values_list("date", flat=True)
        )
    )[-2:]
    apres_coup = [
        operations.Demande(enfant.pk, prestations["soir"].pk, jour)
        for jour in jeudis
        for enfant in enfants
    ]
    jours_passes.enregistrer_jours_passes(
        agent, foyer, apres_coup, "Accueil du soir demandé par téléphone après la date limite"
    )
