"""Demo data of bookings: the memo's services, closures, a booking period open now and one
opening in a few days (the countdown), then — once the families exist — their bookings made
through the real services: the Martins' semaine type, a full evening with a waiting list, and
the separated family's weeks (F1002 even ISO weeks, F1003 odd). Dates follow today; a second
run the same day changes nothing (the services leave days already booked as they are)."""

from __future__ import annotations

import datetime

import holidays
from django.utils import timezone

from famille.comptes.models import Structure

from .models import Fermeture, PeriodeReservation, Prestation

PRESTATIONS = [
    # structure, code, nom, type, jours
    (
        "periscolaire",
        "restauration",
        "Restauration scolaire",
        Prestation.Type.RESTAURATION,
        "1,2,4,5",
    ),
    ("periscolaire", "matin", "Accueil du matin", Prestation.Type.ACCUEIL_MATIN, "1,2,4,5"),
    ("periscolaire", "soir", "Accueil du soir", Prestation.Type.ACCUEIL_SOIR, "1,2,4,5"),
    ("centre-loisirs", "mercredi", "Centre de loisirs du mercredi", Prestation.Type.MERCREDI, "3"),
]


def charger(structures: dict[str, Structure]) -> None:
    for ordre, (structure, code, nom, type_, jours) in enumerate(PRESTATIONS):
        Prestation.objects.update_or_create(
            structure=structures[structure],
            code=code,
            defaults={
                "nom": nom,
                "type": type_,
                "jours": jours,
                "ordre": ordre,
                "capacite": 150 if code != "mercredi" else 60,
            },
        )
    aujourdhui = timezone.localdate()
    # An open period around today: from last Monday for eight weeks, open since a week ago.
    lundi = aujourdhui - datetime.timedelta(days=aujourdhui.weekday())
    for structure in structures.values():
        # Dates follow today (update_or_create), at fixed hours so that a second run changes nothing.
        ouverture = datetime.datetime.combine(lundi - datetime.timedelta(days=7), datetime.time(8))
        periode, _ = PeriodeReservation.objects.update_or_create(
            structure=structure,
            nom="Période en cours",
            defaults={
                "debut": lundi,
                "fin": lundi + datetime.timedelta(weeks=8, days=-3),
                "ouverture": timezone.make_aware(ouverture),
            },
        )
        periode.prestations.set(structure.prestations.all())
        # The next period opens in a few days at 8 h: its calendar shows the countdown.
        suivante_debut = periode.fin + datetime.timedelta(days=3)
        ouverture_suivante = datetime.datetime.combine(
            aujourdhui + datetime.timedelta(days=3), datetime.time(8)
        )
        suivante, _ = PeriodeReservation.objects.update_or_create(
            structure=structure,
            nom="Période suivante",
            defaults={
                "debut": suivante_debut,
                "fin": suivante_debut + datetime.timedelta(weeks=7, days=-3),
                "ouverture": timezone.make_aware(ouverture_suivante),
            },
        )
        suivante.prestations.set(structure.prestations.all())
        ascension = jour_ferie("Ascension", aujourdhui.year + 1)
        Fermeture.objects.get_or_create(
            structure=structure,
            motif="Pont de l'Ascension",
            defaults={"debut": ascension, "fin": ascension + datetime.timedelta(days=1)},
        )


def charger_sites_repas(structures: dict[str, Structure]) -> None:
    """One school restaurant per school of the périscolaire structure, with its kitchen's
    address (the demo's e-mails are written to var/mails/)."""
    from famille.dossiers.models import Ecole

    from .models_repas import SiteRepas

    structure = structures["periscolaire"]
    for ecole in Ecole.objects.filter(structure=structure).order_by("pk"):
        site, _ = SiteRepas.objects.get_or_create(
            structure=structure,
            nom=f"Restaurant scolaire — {ecole.nom}",
            defaults={"email": f"cuisine.ecole{ecole.pk}@mairie-demo.fr"},
        )
        site.ecoles.add(ecole)


def jour_ferie(nom: str, annee: int) -> datetime.date:
    return next(jour for jour, libelle in holidays.France(years=annee).items() if nom in libelle)


# --- Bookings of the demo families (after dossiers.demo created them) -----------------------

# The evening care of one day is full: one place, taken by Lucas; Chloé waits.
PLACES_JOUR_COMPLET = 1


def _periode_en_cours(structure: Structure) -> PeriodeReservation | None:
    return PeriodeReservation.objects.filter(structure=structure, nom="Période en cours").first()


def _jours_ouverts(foyer, periode, code: str) -> list[datetime.date]:
    """The days of `code` the foyer's first child may book now or has booked (the same list
    before and after the demo's bookings: a second run picks the same day)."""
    from .services.grille import construire_grille
    from .services.regles import Etat

    prestation = periode.prestations.get(code=code)
    grille = construire_grille(foyer.titulaire, periode)
    if not grille.lignes:
        return []
    return [
        jour
        for (jour, prestation_id), case in sorted(grille.lignes[0].cases.items())
        if prestation_id == prestation.pk
        and case.etat in (Etat.RESERVABLE, Etat.RESERVEE, Etat.COMPLETE, Etat.ATTENTE)
    ]


def _dossiers_valides(foyers) -> None:
    """The separated family's dossiers of the year were validated by the Education service
    (the Martins' is the renewal in progress, shown by the Dossier Famille tab): without a
    validated dossier, the booking rules refuse every day."""
    from famille.dossiers.models import DossierAnnuel
    from famille.dossiers.services.campagne import campagne_courante

    campagne = campagne_courante()
    if campagne is None:
        return
    for foyer in foyers:
        DossierAnnuel.objects.update_or_create(
            foyer=foyer, campagne=campagne, defaults={"statut": DossierAnnuel.Statut.VALIDE}
        )


def charger_reservations() -> None:
    from famille.dossiers.models import Enfant, Foyer

    from .services import attente, operations, semaine_type

    structure = Structure.objects.filter(slug="periscolaire").first()
    periode = _periode_en_cours(structure) if structure else None
    foyers = {f.numero: f for f in Foyer.objects.filter(numero__in=["F1001", "F1002", "F1003"])}
    if periode is None or len(foyers) < 3:
        return
    _dossiers_valides([foyers["F1002"], foyers["F1003"]])
    prestations = {p.code: p for p in periode.prestations.all()}

    def enfants(foyer) -> list[int]:
        return list(
            Enfant.objects.filter(gardes__foyer=foyer)
            .order_by("-date_naissance", "pk")
            .values_list("pk", flat=True)
        )

    def reserver(foyer, ids, semaine, rythme="toutes") -> None:
        demandes = semaine_type.deplier(periode, ids, semaine, rythme)
        operations.appliquer(foyer.titulaire, foyer, demandes, [])

    mere, pere = foyers["F1002"], foyers["F1003"]
    petit = enfants(mere)
    cantine = {prestations["restauration"].pk: {1, 2, 4, 5}}
    # The full day: an evening of the mother's weeks, one place: Lucas has it, Chloé waits.
    soirs = _jours_ouverts(mere, periode, "soir")
    if soirs and len(petit) >= 2:
        jour_complet, soir = soirs[len(soirs) // 2], prestations["soir"]
        ligne = soir.capacites.filter(date=jour_complet).first()
        if ligne is None or ligne.capacite != PLACES_JOUR_COMPLET:
            attente.changer_capacite(None, soir, jour_complet, PLACES_JOUR_COMPLET)
        for enfant_id in petit[-1::-1]:  # Lucas (the eldest) first, then Chloé
            operations.appliquer(
                mere.titulaire, mere, [operations.Demande(enfant_id, soir.pk, jour_complet)], []
            )
    # The separated parents: each books the canteen for their own weeks.
    reserver(mere, petit, cantine, "paires")
    reserver(pere, petit, cantine, "impaires")
    _absence_signalee(mere, petit)


def _absence_signalee(foyer, enfant_ids: list[int]) -> None:
    """The mother reports an illness on her child's next booked day, with the certificate (the
    Education service's « Absences signalées » has one to decide). Through the real service."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from famille.dossiers.demo_pieces import pdf_minimal
    from famille.dossiers.models import Enfant
    from famille.dossiers.services.pieces_verification import verifier_fichier

    from .models import Absence, Reservation
    from .services import absences

    if not enfant_ids or Absence.objects.filter(foyer=foyer).exists():
        return
    reservation = (
        Reservation.objects.filter(
            foyer=foyer,
            enfant_id=enfant_ids[-1],
            date__gte=timezone.localdate(),
            statut=Reservation.Statut.RESERVEE,
        )
        .order_by("date")
        .first()
    )
    if reservation is None:
        return
    certificat = verifier_fichier(
        SimpleUploadedFile("certificat-medical.pdf", pdf_minimal("Certificat médical"))
    )
    absences.signaler_absence(
        foyer.titulaire,
        foyer,
        Enfant.objects.get(pk=reservation.enfant_id),
        reservation.date,
        Absence.Motif.MALADIE,
        "Gastro-entérite",
        certificat,
    )
