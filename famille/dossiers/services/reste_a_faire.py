"""« Ce qu'il vous reste à faire », the box at the top of the parent's Accueil: the renewal's
next steps and deadline, the règlements intérieurs to sign, each with its link.

Other capabilities add their own heading through `ajouter_rubrique` (the bookings will add
« Réservations à faire »): the dependencies point one way (dossiers ← reservations), so this
module never imports them; they register a provider when their app is ready, e.g.

    from famille.dossiers.services.reste_a_faire import Rubrique, Tache, ajouter_rubrique

    def reservations_a_faire(compte, foyer, structure) -> Rubrique | None: ...

    ajouter_rubrique(reservations_a_faire)   # in ReservationsConfig.ready()

The règlements listed follow the one rule of the règlement page and the dossier's status
(every structure of the account, whatever the header's drop-down shows).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from famille.comptes.francais import date_en_mots
from famille.comptes.models import Compte, Structure

from ..models import Foyer
from . import campagne as svc
from . import reglement


@dataclass(frozen=True)
class Tache:
    """One thing to do, with the route of the tab where it is done (services never build
    URLs: the Accueil turns `onglet` + `route` + `args` into a link)."""

    libelle: str
    route: str
    args: tuple = ()
    etat: str = ""  # « À valider », « Refusé »… as the Dossier Famille tab says it
    onglet: str = "dossier"  # which tab's routes: « dossier », « reservations »…


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


@dataclass
class _Lu:
    """What the dossier and règlements headings both need, read once for the box (issue 15.6):
    the children, the signatures of the titulaire (the dossier's state counts theirs) and of
    the viewer (the règlements they have to sign) — the same account, or two when the second
    parent looks —, the règlements in force by structure."""

    enfants: list
    signatures: list
    reglements: dict = field(default_factory=dict)

    @classmethod
    def pour(cls, compte: Compte, foyer: Foyer) -> _Lu:
        enfants = reglement.enfants_avec_ecole(foyer, sante=True)
        comptes = [compte] + ([foyer.titulaire] if foyer.titulaire_id != compte.pk else [])
        return cls(enfants, reglement.signatures_des_comptes(comptes, enfants))


def rubrique_dossier(
    compte: Compte, foyer: Foyer, structure: Structure | None, lu: _Lu | None = None
) -> Rubrique | None:
    campagne = svc.campagne_courante()
    if not svc.en_campagne(campagne):
        return None
    dossier = svc.dossier_de(foyer, campagne)
    if dossier.papier:
        return None
    lu = lu or _Lu.pour(compte, foyer)
    etat = svc.etat(dossier, enfants=lu.enfants, signatures=lu.signatures, reglements=lu.reglements)
    taches = [
        Tache(ligne.libelle, ligne.route, tuple(ligne.args), ligne.etat)
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
    compte: Compte, foyer: Foyer, structure: Structure | None, lu: _Lu | None = None
) -> Rubrique | None:
    lu = lu or _Lu.pour(compte, foyer)
    etats = [
        e
        for e in reglement.etat_des_signatures(
            foyer, compte, lu.enfants, lu.signatures, lu.reglements
        )
        if e.reglement is not None
    ]
    # Two structures: each line names its own, as the Dossier Famille tab does (issue 10.3).
    plusieurs = len({e.reglement.structure.pk for e in etats}) > 1
    taches = [
        Tache(
            f"Règlement intérieur — {etat.enfant.prenom}"
            + (f" ({etat.reglement.structure.nom})" if plusieurs else ""),
            "reglement_fiche_structure",
            (etat.enfant.pk, etat.reglement.structure.pk),
            "Nouvelle version à signer" if etat.version_precedente_signee else "À signer",
        )
        for etat in etats
        if not etat.signe
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
    lu = _Lu.pour(compte, foyer)
    rubriques = [
        rubrique_dossier(compte, foyer, structure, lu),
        rubrique_reglements(compte, foyer, structure, lu),
    ]
    rubriques += [fournisseur(compte, foyer, structure) for fournisseur in _FOURNISSEURS]
    return [r for r in rubriques if r is not None and r.taches]
