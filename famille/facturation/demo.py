"""Demo data of billing: tariffs of the memo's services (two QF brackets, residents or not),
the structures' settings, a QF for the Martin family (F1001) and its past bookings (through the
booking services: the parent's, and two evenings the Education agent recorded after the fact)
billed through the consumption job, a payment at the counter and the monthly statements of the months
before the previous one. Idempotent: the job and the statements skip what exists."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from famille.comptes.models import Compte, Structure
from famille.comptes.roles import EDUCATION
from famille.dossiers.models import Foyer
from famille.reservations.models import PeriodeReservation, Prestation, Reservation
from famille.reservations.services import jours_passes, operations

from .models import LigneCompte, ParametresFacturation, QuotientFamilial, ReglesFacturation, Tarif
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
    child, booked by the parent through the booking service as it stood weeks before (a past
    booking period is opened for it); then two evenings the Education agent records after the
    fact (a booking phoned in past the deadline: billed with the late-booking surcharge).
    Only missing days are added: a second run changes nothing."""
    prestations = {p.code: p for p in Prestation.objects.filter(code__in=("restauration", "soir"))}
    if len(prestations) < 2:
        return
    jours = _jours(aujourdhui)
    # The days of the current period (reservations' demo) are booked as they stood once it
    # opened; the ones before, in a past period, a month before the first of them.
    en_cours = PeriodeReservation.objects.filter(
        structure_id=prestations["restauration"].structure_id,
        nom="Période en cours",
        debut__lte=aujourdhui,
    ).first()
    limite = en_cours.debut if en_cours else aujourdhui
    avant = timezone.now() - datetime.timedelta(days=JOURS_PASSES + 20)
    for structure_id in {p.structure_id for p in prestations.values()}:
        periode, _ = PeriodeReservation.objects.get_or_create(
            structure_id=structure_id,
            nom="Période passée (démonstration de la facturation)",
            defaults={
                "debut": jours[0],
                "fin": limite - datetime.timedelta(days=1),
                "ouverture": avant - datetime.timedelta(days=1),
            },
        )
        periode.prestations.add(
            *[p for p in prestations.values() if p.structure_id == structure_id]
        )
    enfants = list(foyer.enfants.order_by("date_naissance"))
    demandes = []
    for jour in jours:
        codes = {0: ["restauration"], 1: ["restauration", "soir"], 3: ["restauration"]}.get(
            jour.weekday(), []
        )
        for enfant in enfants:
            for code in codes:
                demandes.append(operations.Demande(enfant.pk, prestations[code].pk, jour))
    # As the parent booked them, long enough before each day.
    operations.appliquer(
        foyer.titulaire, foyer, [d for d in demandes if d.jour < limite], [], maintenant=avant
    )
    if en_cours is not None:
        ouverte = en_cours.ouverture + datetime.timedelta(hours=1)
        recents = [d for d in demandes if d.jour >= limite]
        operations.appliquer(foyer.titulaire, foyer, recents, [], maintenant=ouverte)
    # The evening care of the last two Thursdays the children ate at the canteen, entered by
    # the Education agent after the fact.
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
    agent = Compte.objects.filter(groups__name=EDUCATION, is_active=True).order_by("pk").first()
    if agent is not None and apres_coup:
        jours_passes.enregistrer_jours_passes(
            agent, foyer, apres_coup, "Accueil du soir demandé par téléphone après la date limite"
        )
