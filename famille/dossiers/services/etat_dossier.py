"""What a family's dossier holds and how far it is: the fiches expected of the foyer and of
each child, the pieces and the règlement intérieur still to do (`etat`), and the status that
follows (`mettre_a_jour_statut`). services/campagne.py re-exports all of it.

ONE definition of a complete dossier (`Etat.complet`): it moves the dossier to « À vérifier »
and, with every pièce accepted, it is what staff may validate (`Etat.manques_pour_valider`).
Lines carry route names and arguments of the Dossier Famille tab, never URLs: the views and
templates build links (services do not import pages)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from famille.comptes.francais import de

from ..models import DossierAnnuel, Enfant, Foyer, PieceJustificative, ValidationFiche
from . import reglement
from .pieces_requises import pieces_acceptees, pieces_requises

Fiche = ValidationFiche.Fiche
FICHES_FOYER = [Fiche.FAMILLE, Fiche.CONTACTS, Fiche.ASSURANCE]
FICHES_ENFANT = [Fiche.AUTORISATIONS, Fiche.SANTE]
ROUTES = {
    Fiche.FAMILLE: "fiche_famille",
    Fiche.CONTACTS: "contacts",
    Fiche.ASSURANCE: "assurance",
    Fiche.AUTORISATIONS: "autorisations",
    Fiche.SANTE: "sante",
}


def enfants_du_foyer(foyer: Foyer):
    """The children of this foyer, shared ones included (both separated parents see them)."""
    return Enfant.objects.filter(gardes__foyer=foyer).distinct().order_by("date_naissance", "pk")


def fiches_attendues(
    foyer: Foyer, enfants: list[Enfant] | None = None
) -> list[tuple[str, Enfant | None]]:
    """`enfants`: the foyer's children eldest first, when the caller already has them."""
    fiches: list[tuple[str, Enfant | None]] = [(f, None) for f in FICHES_FOYER]
    for enfant in enfants_du_foyer(foyer) if enfants is None else enfants:
        fiches += [(f, enfant) for f in FICHES_ENFANT]
    return fiches


def route_fiche(fiche: str, enfant: Enfant | None = None) -> tuple[str, tuple]:
    """The Dossier Famille route of a fiche and its arguments (the view builds the URL)."""
    return (ROUTES[fiche], (enfant.pk,) if enfant is not None else ())


def route_validation(fiche: str, enfant: Enfant | None = None) -> tuple[str, tuple]:
    if enfant is not None:
        return ("valider_enfant", (fiche, enfant.pk))
    return ("valider", (fiche,))


def libelle_fiche(fiche: str, enfant: Enfant | None = None) -> str:
    libelle = str(Fiche(fiche).label)
    return f"{libelle} {de(enfant.prenom)}" if enfant else libelle


# --- What is done, what is left -------------------------------------------------------------


@dataclass
class Ligne:
    """One step of the dossier. `route`/`args` name the Dossier Famille sub-page where it is
    done (the view or template turns them into a link: services never build URLs)."""

    libelle: str
    route: str
    fait: bool
    etat: str
    args: tuple = ()
    route_validation: str = ""
    args_validation: tuple = ()
    detail: str = ""


@dataclass
class Etat:
    dossier: DossierAnnuel
    fiches: list[Ligne] = field(default_factory=list)
    pieces: list[Ligne] = field(default_factory=list)
    reglements: list[Ligne] = field(default_factory=list)
    # Staff's side: required pièces not yet accepted (deposited, refused or missing).
    pieces_non_acceptees: bool = False

    @property
    def restant(self) -> list[Ligne]:
        return [ligne for ligne in self.fiches + self.pieces + self.reglements if not ligne.fait]

    @property
    def complet(self) -> bool:
        """THE definition of a complete dossier: every fiche validated, every required pièce
        deposited (or accepted), every règlement intérieur signed (online, or on paper recorded
        by staff). It moves the dossier to « À vérifier » and it is what staff validate."""
        return not self.restant

    @property
    def manques_pour_valider(self) -> list[str]:
        """What stops staff from validating, in French: the dossier must be complete and each
        of its pièces accepted."""
        manques = []
        if self.pieces_non_acceptees:
            manques.append(
                "Toutes les pièces obligatoires doivent être acceptées avant de valider le dossier."
            )
        fiches = [ligne.libelle for ligne in self.fiches if not ligne.fait]
        if fiches:
            manques.append("Fiches non validées : " + ", ".join(fiches) + ".")
        reglements = [ligne.libelle for ligne in self.reglements if not ligne.fait]
        if reglements:
            manques.append("Règlement intérieur non signé : " + ", ".join(reglements) + ".")
        return manques


def etat(
    dossier: DossierAnnuel,
    requises: list | None = None,
    *,
    enfants: list[Enfant] | None = None,
    signatures: list | None = None,
    reglements: dict | None = None,
) -> Etat:
    """`requises`: pieces.pieces_requises(dossier), when the caller already has it. The
    children are read once for the fiches, the pièces and the règlements (issue 15.6).
    `enfants`, `signatures`, `reglements`: what the Accueil's « reste à faire » box already
    read for its règlements (see lignes_reglement)."""
    if enfants is None:
        enfants = reglement.enfants_avec_ecole(dossier.foyer, sante=True)
    if requises is None:
        requises = pieces_requises(dossier, enfants)
    return Etat(
        dossier=dossier,
        fiches=lignes_fiches(dossier, enfants),
        pieces=lignes_pieces([r for r in requises if r.obligatoire]),
        reglements=lignes_reglement(dossier, enfants, signatures, reglements),
        pieces_non_acceptees=not pieces_acceptees(dossier, requises),
    )


def dossier_complet(dossier: DossierAnnuel) -> bool:
    """For other modules (the booking eligibility): is this family's side of the dossier done?"""
    return etat(dossier).complet


def lignes_fiches(dossier: DossierAnnuel, enfants: list[Enfant] | None = None) -> list[Ligne]:
    validations = {(v.fiche, v.enfant_id): v for v in dossier.validations.all()}
    lignes = []
    for fiche, enfant in fiches_attendues(dossier.foyer, enfants):
        v = validations.get((fiche, enfant.pk if enfant else None))
        route, args = route_fiche(fiche, enfant)
        route_v, args_v = route_validation(fiche, enfant)
        lignes.append(
            Ligne(
                libelle=libelle_fiche(fiche, enfant),
                route=route,
                args=args,
                route_validation=route_v,
                args_validation=args_v,
                fait=v is not None,
                etat=(
                    f"Validée le {timezone.localtime(v.valide_le):%d/%m/%Y}" if v else "À valider"
                ),
            )
        )
    return lignes


def lignes_pieces(requises: list) -> list[Ligne]:
    lignes = []
    for requise in requises:
        libelle = str(requise.libelle)
        if requise.enfant:
            libelle += f" — {requise.enfant.prenom}"
        piece = requise.piece_retenue
        refusee = requise.statut == PieceJustificative.Statut.REFUSEE
        lignes.append(
            Ligne(
                libelle=libelle,
                route="pieces",
                fait=requise.statut
                in (PieceJustificative.Statut.DEPOSEE, PieceJustificative.Statut.ACCEPTEE),
                etat=str(requise.statut_affiche),
                detail=piece.motif_refus if refusee and piece else "",
            )
        )
    return lignes


def lignes_reglement(
    dossier: DossierAnnuel,
    enfants: list[Enfant] | None = None,
    signatures: list | None = None,
    reglements: dict | None = None,
) -> list[Ligne]:
    """The memo's « Règlement intérieur » step, from the one rule of reglement.py (which
    règlements each child signs), whatever structure the parent is viewing: the TITULAIRE's
    signatures, whoever looks. `signatures`: reglement.signatures_des_comptes(...) already
    read, the titulaire's among them (only those are used)."""

    foyer = dossier.foyer
    etats = [
        e
        for e in reglement.etat_des_signatures(
            foyer, foyer.titulaire, enfants, signatures, reglements
        )
        if e.reglement
    ]
    plusieurs = len({e.reglement.structure.pk for e in etats}) > 1
    lignes = []
    for etat_signature in etats:
        enfant = etat_signature.enfant
        signature = etat_signature.signature
        libelle = f"Règlement intérieur — {enfant.prenom}"
        if plusieurs:
            libelle += f" ({etat_signature.reglement.structure.nom})"
        papier = " (papier)" if signature is not None and signature.papier else ""
        lignes.append(
            Ligne(
                libelle=libelle,
                route="reglement_fiche_structure",
                args=(enfant.pk, etat_signature.reglement.structure.pk),
                fait=signature is not None,
                etat=(
                    f"Signé le {timezone.localtime(signature.signe_le):%d/%m/%Y}{papier}"
                    if signature
                    else "À signer"
                ),
            )
        )
    return lignes


def etat_a_jour(dossier: DossierAnnuel, retrograder: bool = True) -> Etat:
    """Recompute the family's side of the status and return the Etat it was computed from (its
    `dossier` is the one saved). « Validé » is the Education service's decision and stays.
    With `retrograder=False` (when the family merely looks at its tab) a dossier is only ever
    moved forward to « À vérifier », never back."""
    if not retrograder:
        # Merely looking: most of the time the status stands, then nothing is locked or
        # written (no transaction, no second read of the dossier: issue 15.6). A change found
        # here is made under the lock below, from a fresh read. Every change of a fiche, pièce
        # or signature updates the status itself, under that lock.
        e = etat(dossier)
        if _statut_suivant(dossier, e, retrograder) == (dossier.statut, dossier.transmis_le):
            return e
    return _etat_a_jour_verrouille(dossier, retrograder)


@transaction.atomic
def _etat_a_jour_verrouille(dossier: DossierAnnuel, retrograder: bool) -> Etat:
    lu = dossier
    dossier = DossierAnnuel.objects.select_for_update().get(pk=dossier.pk)
    # Only the dossier's row is locked and read again: its foyer and campaign, when the caller
    # had them, serve as they are (issue 15.6).
    for relation in ("foyer", "campagne"):
        if DossierAnnuel._meta.get_field(relation).is_cached(lu):
            setattr(dossier, relation, getattr(lu, relation))
    e = etat(dossier)
    avant = (dossier.statut, dossier.transmis_le)
    dossier.statut, dossier.transmis_le = _statut_suivant(dossier, e, retrograder)
    # Looking at the tab changes nothing most of the time: no write then.
    if (dossier.statut, dossier.transmis_le) != avant:
        dossier.save(update_fields=["statut", "transmis_le"])
    return e


def _statut_suivant(dossier: DossierAnnuel, e: Etat, retrograder: bool) -> tuple:
    """The (statut, transmis_le) the dossier's state asks for."""
    if dossier.statut == DossierAnnuel.Statut.VALIDE:
        return dossier.statut, dossier.transmis_le
    if not retrograder and not e.complet and dossier.statut == DossierAnnuel.Statut.A_VERIFIER:
        return dossier.statut, dossier.transmis_le
    if e.complet:
        return DossierAnnuel.Statut.A_VERIFIER, dossier.transmis_le or timezone.now()
    commence = dossier.validations.exists() or dossier.pieces.exists()
    statut = DossierAnnuel.Statut.INCOMPLET if commence else DossierAnnuel.Statut.NON_COMMENCE
    return statut, None


def mettre_a_jour_statut(dossier: DossierAnnuel, retrograder: bool = True) -> DossierAnnuel:
    return etat_a_jour(dossier, retrograder).dossier
