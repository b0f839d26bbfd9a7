"""Which pièces justificatives a family's dossier needs (the memo's list and its rules) and
whether they are accepted. Imports only the models: the dossier's state (etat_dossier.py) and
the pièces service both read it, neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from ..models import DossierAnnuel, Enfant, FicheSante, PieceJustificative
from ..models.pieces import TYPES_SANTE

Type = PieceJustificative.Type
Statut = PieceJustificative.Statut

# --- Which pieces a dossier needs -------------------------------------------------------------


@dataclass
class PieceRequise:
    """One line of the memo's list for this foyer (and child, where the piece is per child)."""

    type: str
    enfant: Enfant | None
    obligatoire: bool
    precision: str
    annuelle: bool
    piece: PieceJustificative | None = None
    # A shared child's health piece deposited by the other parent's foyer: it counts for the
    # child, but its files stay that foyer's (see pieces_requises).
    piece_autre_foyer: PieceJustificative | None = None

    @property
    def cle(self) -> str:
        return f"{self.type}-{self.enfant.pk}" if self.enfant else self.type

    @property
    def libelle(self) -> str:
        return Type(self.type).label

    @property
    def piece_retenue(self) -> PieceJustificative | None:
        return self.piece or self.piece_autre_foyer

    @property
    def statut(self) -> str:
        piece = self.piece_retenue
        if piece is None or not a_des_fichiers(piece):
            return "a_deposer"
        return piece.statut

    @property
    def statut_affiche(self) -> str:
        if self.statut == "a_deposer":
            return "À déposer"
        return Statut(self.statut).label

    @property
    def satisfaite(self) -> bool:
        return self.statut == Statut.ACCEPTEE


def a_des_fichiers(piece: PieceJustificative) -> bool:
    return bool(piece.fichiers.all())  # uses the prefetch when there is one


def pieces_requises(
    dossier: DossierAnnuel, enfants: list[Enfant] | None = None
) -> list[PieceRequise]:
    """The memo's list with its rules, for one foyer's dossier of one school year. `enfants`:
    the foyer's children eldest first, when the caller already has them."""
    foyer = dossier.foyer
    if enfants is None:
        # Eldest first, as in every list of the Dossier Famille tab.
        enfants = list(
            Enfant.objects.filter(gardes__foyer=foyer).distinct().order_by("date_naissance", "pk")
        )
    if all(Enfant.fiche_sante.is_cached(e) for e in enfants):
        # Read with the children (reglement.enfants_avec_ecole(foyer, sante=True)).
        fiches = {e.pk: getattr(e, "fiche_sante", None) for e in enfants}
    else:
        fiches = {f.enfant_id: f for f in FicheSante.objects.filter(enfant__in=enfants)}

    requises = [
        PieceRequise(Type.DOMICILE, None, True, "De moins de deux mois.", True),
        PieceRequise(Type.ASSURANCE, None, True, "Pour l'année scolaire à venir.", True),
    ]
    if foyer.reside_commune:
        requises.append(
            PieceRequise(
                Type.IMPOSITION,
                None,
                False,
                "Si vous souhaitez le calcul de votre quotient familial et ne l'avez pas "
                "encore fourni cette année.",
                True,
            )
        )
    for enfant in enfants:
        fiche = fiches.get(enfant.pk)
        if fiche is not None and fiche.pai:
            requises += [
                PieceRequise(
                    Type.PAI_CERTIFICAT, enfant, True, "Établi par votre médecin (PAI).", True
                ),
                PieceRequise(Type.PAI_PHOTO, enfant, True, "Une photo récente de l'enfant.", True),
            ]
    for enfant in enfants:
        fiche = fiches.get(enfant.pk)
        sans_vaccins = fiche is not None and not fiche.vaccin_dtp_date and not fiche.vaccinations
        requises.append(
            PieceRequise(
                Type.CARNET_SANTE,
                enfant,
                sans_vaccins,
                "Si des rappels de vaccination ne sont pas indiqués sur la fiche Santé.",
                False,
            )
        )
    requises.append(
        PieceRequise(
            Type.JUGEMENT,
            None,
            False,
            "S'il est intervenu depuis l'inscription à l'école (pages concernant l'autorité "
            "parentale et la garde de l'enfant).",
            False,
        )
    )

    # One query for this dossier's pièces and, since a child has one PAI and one carnet de
    # santé, those of the same school year another foyer deposited for the same children:
    # what either parent's foyer deposited counts, so separated parents are not asked the
    # same certificate twice (issue 15.6: one query, not two).
    lues = (
        PieceJustificative.objects.filter(
            Q(dossier=dossier)
            | Q(
                dossier__campagne=dossier.campagne,
                enfant__in=enfants,
                type__in=TYPES_SANTE,
                fichiers__isnull=False,
            )
        )
        .distinct()
        .order_by("deposee_le", "pk")
        .prefetch_related("fichiers")
    )
    propres: dict = {}
    autres: dict = {}  # the last deposited wins
    for p in lues:
        if p.dossier_id == dossier.pk:
            propres[p.type, p.enfant_id] = p
        else:
            autres[p.type, p.enfant_id] = p
    for requise in requises:
        cle = (requise.type, requise.enfant.pk if requise.enfant else None)
        requise.piece = propres.get(cle)
        if requise.piece is None or not a_des_fichiers(requise.piece):
            requise.piece_autre_foyer = autres.get(cle)
    return requises


def requise_par_cle(dossier: DossierAnnuel, cle: str) -> PieceRequise | None:
    return next((r for r in pieces_requises(dossier) if r.cle == cle), None)


def pieces_acceptees(dossier: DossierAnnuel, requises: list[PieceRequise] | None = None) -> bool:
    """Every required piece accepted, and nothing deposited left to review or refused.
    `requises`: pieces_requises(dossier), when the caller already has it."""
    requises = pieces_requises(dossier) if requises is None else requises
    if not all(r.satisfaite for r in requises if r.obligatoire):
        return False
    return not PieceJustificative.objects.filter(
        dossier=dossier, statut__in=[Statut.DEPOSEE, Statut.REFUSEE]
    ).exists()
