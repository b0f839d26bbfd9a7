"""What a family's dossier holds and how far it is: the fiches expected of the foyer and of
each child, the pieces and the règlement intérieur still to do (`etat`), and the status that
follows (`mettre_a_jour_statut`). services/campagne.py re-exports all of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from famille.comptes.francais import de

from ..models import DossierAnnuel, Enfant, Foyer, PieceJustificative, ValidationFiche

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


def fiches_attendues(foyer: Foyer) -> list[tuple[str, Enfant | None]]:
    fiches: list[tuple[str, Enfant | None]] = [(f, None) for f in FICHES_FOYER]
    for enfant in enfants_du_foyer(foyer):
        fiches += [(f, enfant) for f in FICHES_ENFANT]
    return fiches


def onglet():
    """The Dossier Famille tab page, read once by callers that build many of its links."""
    from ..pages import DossierFamillePage

    return DossierFamillePage.instance()


def _lien(onglet, route: str, *args) -> str:
    # DossierFamillePage.url_de reads the page on each call: with `onglet` already read, a
    # list of links costs no query per line.
    if onglet is None:
        from ..pages import DossierFamillePage

        return DossierFamillePage.url_de(route, *args)
    return onglet.url + onglet.reverse_subpage(route, args=args)


def url_fiche(fiche: str, enfant: Enfant | None = None, onglet=None) -> str:
    if enfant is not None:
        return _lien(onglet, ROUTES[fiche], enfant.pk)
    return _lien(onglet, ROUTES[fiche])


def url_validation(fiche: str, enfant: Enfant | None = None, onglet=None) -> str:
    if enfant is not None:
        return _lien(onglet, "valider_enfant", fiche, enfant.pk)
    return _lien(onglet, "valider", fiche)


def libelle_fiche(fiche: str, enfant: Enfant | None = None) -> str:
    libelle = str(Fiche(fiche).label)
    return f"{libelle} {de(enfant.prenom)}" if enfant else libelle


# --- What is done, what is left -------------------------------------------------------------


@dataclass
class Ligne:
    libelle: str
    url: str
    fait: bool
    etat: str
    url_validation: str = ""
    detail: str = ""


@dataclass
class Etat:
    dossier: DossierAnnuel
    fiches: list[Ligne] = field(default_factory=list)
    pieces: list[Ligne] = field(default_factory=list)
    reglements: list[Ligne] = field(default_factory=list)

    @property
    def restant(self) -> list[Ligne]:
        return [ligne for ligne in self.fiches + self.pieces + self.reglements if not ligne.fait]

    @property
    def complet(self) -> bool:
        return not self.restant


def etat(dossier: DossierAnnuel, requises: list | None = None) -> Etat:
    """`requises`: pieces.pieces_requises(dossier), when the caller already has it."""
    if requises is None:
        # The pieces module owns the memo's list and its rules (shared children, files
        # present); imported here because it imports the campaign service.
        from . import pieces

        requises = pieces.pieces_requises(dossier)
    page = onglet()
    return Etat(
        dossier=dossier,
        fiches=lignes_fiches(dossier, page),
        pieces=lignes_pieces([r for r in requises if r.obligatoire], page),
        reglements=lignes_reglement(dossier, page),
    )


def lignes_fiches(dossier: DossierAnnuel, page=None) -> list[Ligne]:
    validations = {(v.fiche, v.enfant_id): v for v in dossier.validations.all()}
    lignes = []
    for fiche, enfant in fiches_attendues(dossier.foyer):
        v = validations.get((fiche, enfant.pk if enfant else None))
        lignes.append(
            Ligne(
                libelle=libelle_fiche(fiche, enfant),
                url=url_fiche(fiche, enfant, page),
                url_validation=url_validation(fiche, enfant, page),
                fait=v is not None,
                etat=(
                    f"Validée le {timezone.localtime(v.valide_le):%d/%m/%Y}" if v else "À valider"
                ),
            )
        )
    return lignes


def lignes_pieces(requises: list, page=None) -> list[Ligne]:
    url_pieces = _lien(page, "pieces")
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
                url=url_pieces,
                fait=requise.statut
                in (PieceJustificative.Statut.DEPOSEE, PieceJustificative.Statut.ACCEPTEE),
                etat=str(requise.statut_affiche),
                detail=piece.motif_refus if refusee and piece else "",
            )
        )
    return lignes


def lignes_reglement(dossier: DossierAnnuel, page=None) -> list[Ligne]:
    """The memo's « Règlement intérieur » step: each child's fiche signed by the titulaire for
    the version in force of the règlement of the child's structure."""
    from . import reglement

    if dossier.papier:
        # A paper dossier carries the règlement signed on paper, kept in the family's file.
        return []
    lignes = []
    foyer = dossier.foyer
    for etat_signature in reglement.etat_des_signatures(foyer, foyer.titulaire, None):
        if etat_signature.reglement is None:
            continue
        enfant = etat_signature.enfant
        signature = etat_signature.signature
        lignes.append(
            Ligne(
                libelle=f"Règlement intérieur — {enfant.prenom}",
                url=_lien(page, "reglement_fiche", enfant.pk),
                fait=signature is not None,
                etat=(
                    f"Signé le {timezone.localtime(signature.signe_le):%d/%m/%Y}"
                    if signature
                    else "À signer"
                ),
            )
        )
    return lignes


@transaction.atomic
def etat_a_jour(dossier: DossierAnnuel, retrograder: bool = True) -> Etat:
    """Recompute the family's side of the status and return the Etat it was computed from (its
    `dossier` is the one saved). « Validé » is the Education service's decision and stays.
    With `retrograder=False` (when the family merely looks at its tab) a dossier is only ever
    moved forward to « À vérifier », never back."""
    dossier = DossierAnnuel.objects.select_for_update().get(pk=dossier.pk)
    e = etat(dossier)
    if dossier.statut == DossierAnnuel.Statut.VALIDE:
        return e
    if not retrograder and not e.complet and dossier.statut == DossierAnnuel.Statut.A_VERIFIER:
        return e
    if e.complet:
        dossier.statut = DossierAnnuel.Statut.A_VERIFIER
        dossier.transmis_le = dossier.transmis_le or timezone.now()
    else:
        commence = dossier.validations.exists() or dossier.pieces.exists()
        dossier.statut = (
            DossierAnnuel.Statut.INCOMPLET if commence else DossierAnnuel.Statut.NON_COMMENCE
        )
        dossier.transmis_le = None
    dossier.save(update_fields=["statut", "transmis_le"])
    return e


def mettre_a_jour_statut(dossier: DossierAnnuel, retrograder: bool = True) -> DossierAnnuel:
    return etat_a_jour(dossier, retrograder).dossier
