"""« Ce qu'il vous reste à faire », the box at the top of the parent's Accueil: the renewal's
next steps and deadline, the règlements intérieurs to sign, each with its link.

Other capabilities add their own heading through `ajouter_rubrique` (the bookings will add
« Réservations à faire »): the dependencies point one way (dossiers ← reservations), so this
module never imports them; they register a provider when their app is ready, e.g.

    from famille.dossiers.services.reste_a_faire import Rubrique, Tache, ajouter_rubrique

    def reservations_a_faire(compte, foyer, structure) -> Rubrique | None: ...

    ajouter_rubrique(reservations_a_faire)   # in ReservationsConfig.ready()

Limits: the règlements listed are those the règlement page lists for the structure being
viewed (the header's drop-down), so the box and that page never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from famille.comptes.models import Compte, Structure

from ..models import Foyer
from . import campagne as svc
from . import reglement
from .garde_en_mots import date_en_mots


def _onglet():
    """The Dossier Famille tab page, from the model registry: this service does not import
    pages.py (pages → views → services would be a cycle)."""
    from django.apps import apps

    return apps.get_model("dossiers", "DossierFamillePage").instance()


def _lien(page, route: str, args=()) -> str:
    return page.url + page.reverse_subpage(route, args=list(args)) if page else "/"


@dataclass(frozen=True)
class Tache:
    libelle: str
    url: str
    etat: str = ""  # « À valider », « Refusé »… as the Dossier Famille tab says it


@dataclass
class Rubrique:
    cle: str  # « dossier », « reglements », « reservations »…: a stable id for tests and CSS
    titre: str
    taches: list[Tache] = field(default_factory=list)
    echeance: datetime.date | None = None
    # Shown under the title, e.g. the deadline in words.
    precision: str = ""


Fournisseur = Callable[[Compte, Foyer, Structure | None], Rubrique | None]
_FOURNISSEURS: list[Fournisseur] = []


def ajouter_rubrique(fournisseur: Fournisseur) -> Fournisseur:
    """Register a provider of one more heading (idempotent: an app may be readied twice)."""
    if fournisseur not in _FOURNISSEURS:
        _FOURNISSEURS.append(fournisseur)
    return fournisseur


def rubrique_dossier(compte: Compte, foyer: Foyer, structure: Structure | None) -> Rubrique | None:
    campagne = svc.campagne_courante()
    if not svc.en_campagne(campagne):
        return None
    dossier = svc.dossier_de(foyer, campagne)
    if dossier.papier:
        return None
    etat = svc.etat(dossier)
    page = _onglet()
    taches = [
        Tache(ligne.libelle, _lien(page, ligne.route, ligne.args), ligne.etat)
        for ligne in etat.fiches + etat.pieces
        if not ligne.fait
    ]
    if not taches:
        return None
    return Rubrique(
        cle="dossier",
        titre=f"Mon dossier famille {campagne.annee_scolaire}",
        taches=taches,
        echeance=campagne.cloture,
        precision=f"À valider avant le {date_en_mots(campagne.cloture)} inclus.",
    )


def rubrique_reglements(
    compte: Compte, foyer: Foyer, structure: Structure | None
) -> Rubrique | None:
    page = _onglet()
    etats = [
        e
        for e in reglement.etat_des_signatures(foyer, compte)
        if e.reglement is not None and not e.signe
    ]
    # One structure: the child's fiche (as the règlement page links it); several: each one's.
    plusieurs = len({e.reglement.structure.pk for e in etats}) > 1
    taches = [
        Tache(
            f"Règlement intérieur — {etat.enfant.prenom}"
            + (f" ({etat.reglement.structure.nom})" if plusieurs else ""),
            _lien(page, "reglement_fiche_structure", [etat.enfant.pk, etat.reglement.structure.pk])
            if plusieurs
            else _lien(page, "reglement_fiche", [etat.enfant.pk]),
            "Nouvelle version à signer" if etat.version_precedente_signee else "À signer",
        )
        for etat in etats
    ]
    if not taches:
        return None
    return Rubrique(
        cle="reglements",
        titre="Règlement intérieur à valider et signer",
        taches=taches,
        precision="Pour chaque enfant, cliquez sur « Accéder à la fiche », cochez la case et signez.",
    )


def reste_a_faire(compte: Compte, structure: Structure | None) -> list[Rubrique]:
    """Every heading with something left to do, in the memo's order (dossier, règlement,
    then what other capabilities add)."""
    foyer = getattr(compte, "foyer", None)
    if foyer is None:
        return []
    rubriques = []
    for fournisseur in [rubrique_dossier, rubrique_reglements, *_FOURNISSEURS]:
        rubrique = fournisseur(compte, foyer, structure)
        if rubrique is not None and rubrique.taches:
            rubriques.append(rubrique)
    return rubriques
