"""The opening-morning data set of the load benchmark (issue 15): N families whose first login
is done (RGPD and CGU accepted), whose dossier of the year is validated, with one to four
children each (2.4 on average: 2,500 families, about 6,000 children), and one booking period
that opens a few minutes later, with capped canteen and Wednesday days smaller than demand.

Bulk inserts only: one Argon2 hash computed once and copied to every account (the hashing cost
is paid at login, by the benchmark, not here), bulk_create for accounts, foyers, children,
custody links, consents and dossiers. Runs inside a configured Django (the benchmark's settings
or a test database); returns what the load generator needs (identifiants, password, URLs,
opening time), never a model instance."""

from __future__ import annotations

import datetime
import random

MOT_DE_PASSE = "Charge-Ouverture-2026"
# Children per family: 1, 2, 3 or 4 (weights give 2.4 on average).
ENFANTS = (1, 2, 3, 4)
POIDS_ENFANTS = (20, 30, 40, 10)
LOT = 2000


def _premier_lundi_scolaire(zone: str, semaines: int) -> datetime.date:
    """The first Monday three weeks ahead or later whose first week is not school holidays."""
    from django.utils import timezone

    from famille.reservations.services.calendrier import vacances_scolaires

    jour = timezone.localdate() + datetime.timedelta(days=21)
    jour += datetime.timedelta(days=(7 - jour.weekday()) % 7)
    for _ in range(60):
        if not any(vacances_scolaires(jour + datetime.timedelta(days=k), zone) for k in range(5)):
            return jour
        jour += datetime.timedelta(weeks=1)
    return jour


def preparer(
    familles: int,
    *,
    ouverture: datetime.datetime,
    semaines: int = 8,
    part_cantine: float = 0.8,
    part_mercredi: float = 0.4,
    graine: int = 15,
) -> dict:
    """Create the data set on an empty, migrated database. `part_*`: capacity of a capped
    day as a share of the children (smaller than demand: every child asks every day)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from famille.comptes.hachage import Argon2OwaspHasher
    from famille.comptes.models import Compte, Consentement, Structure
    from famille.comptes.services import documents_legaux
    from famille.dossiers.models import Campagne, DossierAnnuel, Enfant, Foyer, Garde
    from famille.reservations.models import PeriodeReservation, Prestation
    from famille.reservations.pages import ReservationsPage
    from home.arbre import installer_arbre

    hasard = random.Random(graine)
    installer_arbre()
    documents = documents_legaux()
    maintenant = timezone.now()
    with transaction.atomic():
        structure = Structure.objects.create(
            nom="Service périscolaire", slug="periscolaire", commune="Charge"
        )
        debut = _premier_lundi_scolaire(structure.zone_vacances, semaines)
        fin = debut + datetime.timedelta(weeks=semaines, days=-3)
        annee = debut.year if debut.month >= 9 else debut.year - 1
        campagne = Campagne.objects.create(
            annee_scolaire=f"{annee}-{annee + 1}",
            rentree=datetime.date(annee, 9, 1),
            fin_annee=datetime.date(annee + 1, 7, 5),
            ouverture=datetime.date(annee, 6, 1),
            cloture=datetime.date(annee, 8, 15),
        )
        tailles = hasard.choices(ENFANTS, POIDS_ENFANTS, k=familles)
        enfants_total = sum(tailles)
        prestations = [
            Prestation.objects.create(
                structure=structure,
                code=code,
                nom=nom,
                type=type_,
                jours=jours,
                capacite=capacite,
                repas=repas,
                ordre=i,
            )
            for i, (code, nom, type_, jours, capacite, repas) in enumerate(
                (
                    (
                        "cantine",
                        "Restauration scolaire",
                        "restauration",
                        "1,2,4,5",
                        max(1, int(enfants_total * part_cantine)),
                        True,
                    ),
                    ("matin", "Accueil du matin", "matin", "1,2,4,5", None, False),
                    ("soir", "Accueil du soir", "soir", "1,2,4,5", None, False),
                    (
                        "mercredi",
                        "Mercredi journée",
                        "mercredi",
                        "3",
                        max(1, int(enfants_total * part_mercredi)),
                        True,
                    ),
                )
            )
        ]
        periode = PeriodeReservation.objects.create(
            structure=structure,
            nom="Période de charge",
            debut=debut,
            fin=fin,
            ouverture=ouverture,
        )
        periode.prestations.set(prestations)

        # The production hasher, whatever the settings of the process preparing the data (a
        # test's settings use a fast hasher that gunicorn's production settings do not read).
        empreinte = make_password(MOT_DE_PASSE, hasher=Argon2OwaspHasher())
        identifiants = [f"C{n:05d}" for n in range(1, familles + 1)]
        comptes = Compte.objects.bulk_create(
            [
                Compte(
                    username=i,
                    first_name="Camille",
                    last_name=f"Famille {i}",
                    emails=f"{i.lower()}@exemple.invalid",
                    password=empreinte,
                    mot_de_passe_initial=False,
                    mot_de_passe_change_le=maintenant,
                )
                for i in identifiants
            ],
            batch_size=LOT,
        )
        if not all(c.pk for c in comptes):  # SQLite before 3.35 returns no ids
            par_nom = dict(
                Compte.objects.filter(username__in=identifiants).values_list("username", "pk")
            )
            for c in comptes:
                c.pk = par_nom[c.username]
        Lien = Compte.structures.through
        Lien.objects.bulk_create(
            [Lien(compte_id=c.pk, structure_id=structure.pk) for c in comptes], batch_size=LOT
        )
        Consentement.objects.bulk_create(
            [
                Consentement(compte_id=c.pk, document=d.document, page=d.page, revision=d.revision)
                for c in comptes
                for d in documents
            ],
            batch_size=LOT,
        )
        foyers = Foyer.objects.bulk_create(
            [Foyer(numero=c.username, titulaire_id=c.pk) for c in comptes], batch_size=LOT
        )
        if not all(f.pk for f in foyers):
            par_numero = dict(Foyer.objects.values_list("numero", "pk"))
            for f in foyers:
                f.pk = par_numero[f.numero]
        DossierAnnuel.objects.bulk_create(
            [
                DossierAnnuel(
                    foyer_id=f.pk,
                    campagne=campagne,
                    statut=DossierAnnuel.Statut.VALIDE,
                    transmis_le=maintenant,
                    valide_le=maintenant,
                )
                for f in foyers
            ],
            batch_size=LOT,
        )
        prenoms = ("Léa", "Hugo", "Emma", "Jules")
        enfants = Enfant.objects.bulk_create(
            [
                Enfant(
                    nom=f"Famille {f.numero}",
                    prenom=prenoms[k],
                    date_naissance=datetime.date(2016 + k, 3, 1),
                )
                for f, taille in zip(foyers, tailles, strict=True)
                for k in range(taille)
            ],
            batch_size=LOT,
        )
        if not all(e.pk for e in enfants):
            ids = list(Enfant.objects.order_by("pk").values_list("pk", flat=True))
            for e, pk in zip(enfants, ids, strict=True):
                e.pk = pk
        gardes = []
        rang = 0
        for f, taille in zip(foyers, tailles, strict=True):
            for _ in range(taille):
                gardes.append(Garde(foyer_id=f.pk, enfant_id=enfants[rang].pk))
                rang += 1
        Garde.objects.bulk_create(gardes, batch_size=LOT)

    page = ReservationsPage.instance()
    url_periode = page.url + page.reverse_subpage("periode", args=[periode.pk])
    return {
        "familles": familles,
        "enfants": enfants_total,
        "mot_de_passe": MOT_DE_PASSE,
        "identifiants": identifiants,
        "ouverture": ouverture.isoformat(),
        "periode": {"id": periode.pk, "debut": debut.isoformat(), "fin": fin.isoformat()},
        "capacites": {p.code: p.capacite for p in prestations if p.capacite},
        "url_reservations": page.url,
        "url_periode": url_periode,
        "url_semaine_type": page.url + page.reverse_subpage("semaine_type", args=[periode.pk]),
    }
