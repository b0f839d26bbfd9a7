"""Demo of the renewal: the Martin family (F1001) has started its dossier — fiche famille,
assurance and Léo's fiches validated, the rest left — so the tab shows its progress; the
reminder schedule is installed. Idempotent."""

from __future__ import annotations

import datetime

from .models import (
    Assurance,
    Autorisation,
    Contact,
    DossierAnnuel,
    FicheSante,
    Foyer,
    ValidationFiche,
)
from .services import campagne as svc
from .services import historique
from .tasks import installer_planification

Fiche = ValidationFiche.Fiche


def charger() -> None:
    installer_planification()
    campagne = svc.campagne_courante()
    martin = Foyer.objects.filter(numero="F1001").first()
    if campagne is None or martin is None:
        return
    parent = martin.titulaire
    leo = martin.enfants.filter(prenom="Léo").first()

    if not martin.situation:

        def foyer():
            Foyer.objects.filter(pk=martin.pk).update(
                situation=Foyer.Situation.MARIES,
                nombre_enfants=3,
                regime=Foyer.Regime.CAF,
                numero_allocataire="2345678",
                reside_commune=True,
            )

        historique.enregistrer(Fiche.FAMILLE, foyer, auteur=parent, foyer=martin)
        martin.refresh_from_db()
    Assurance.objects.get_or_create(
        foyer=martin,
        campagne=campagne,
        defaults={
            "assureur": "MAIF",
            "numero_contrat": "SCO-2207-118",
            "debut": campagne.rentree - datetime.timedelta(days=1),
            "fin": campagne.fin_annee + datetime.timedelta(days=60),
        },
    )
    if leo is not None:
        Contact.objects.get_or_create(
            enfant=leo,
            nom="Martin",
            prenom="Monique",
            defaults={"lien": "grand-mère", "telephone": "05 56 12 34 56", "peut_recuperer": True},
        )
        if not Autorisation.objects.filter(enfant=leo).exists():
            historique.enregistrer(
                Fiche.AUTORISATIONS,
                lambda: Autorisation.objects.create(
                    enfant=leo, photo_video=True, transport_sorties=True, soins_urgence=True
                ),
                auteur=parent,
                foyer=martin,
                enfant=leo,
            )
        if not FicheSante.objects.filter(enfant=leo).exists():
            historique.enregistrer(
                Fiche.SANTE,
                lambda: FicheSante.objects.create(
                    enfant=leo,
                    medecin_nom="Dr Lambert",
                    medecin_telephone="05 56 78 00 00",
                    vaccin_dtp_date=datetime.date(campagne.rentree.year - 1, 10, 4),
                    allergies="Pollen",
                ),
                auteur=parent,
                foyer=martin,
                enfant=leo,
            )

    dossier = svc.dossier_de(martin, campagne)
    a_valider = [(Fiche.FAMILLE, None), (Fiche.ASSURANCE, None)]
    if leo is not None:
        a_valider += [(Fiche.AUTORISATIONS, leo), (Fiche.SANTE, leo)]
    for fiche, enfant in a_valider:
        if not svc.problemes_fiche(fiche, martin, enfant, campagne):
            ValidationFiche.objects.get_or_create(
                dossier=dossier, fiche=fiche, enfant=enfant, defaults={"valide_par": parent}
            )
    DossierAnnuel.objects.filter(pk=dossier.pk, statut=DossierAnnuel.Statut.NON_COMMENCE).update(
        statut=DossierAnnuel.Statut.INCOMPLET
    )
