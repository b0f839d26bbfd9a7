"""The annual renewal: which campaign runs, what each family must validate and upload, the
status of its dossier, and whether it may book for a school year (`peut_reserver`).

Per foyer: the fiche famille, the contacts and the assurance; per child: the autorisations and
the fiche santé. Each is validated separately (« Valider », after a recap of its content). When
the family has validated every fiche and uploaded every required piece, the dossier is
« À vérifier »; the Education service accepting it makes it « Validé ».
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from ..models import (
    Assurance,
    Autorisation,
    Campagne,
    Contact,
    DossierAnnuel,
    Enfant,
    FicheSante,
    Foyer,
    PieceJustificative,
    ValidationFiche,
)

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

# Outside the window the renewal is closed, but a change of situation may still be declared:
# address, phones, family situation, responsables, contacts, autorisations (a consent must be
# withdrawable at any time) and the fiche santé stay editable. Locked: what belongs to the
# yearly renewal itself — the assurance of the year and the allocation data from which the
# Education service computes the year's quotient familial (changed through the service).
VERROUILLES_HORS_CAMPAGNE: dict[str, set[str] | None] = {
    Fiche.FAMILLE: {"regime", "numero_allocataire", "reside_commune", "nombre_enfants"},
    Fiche.ASSURANCE: None,  # None: the whole fiche
}

FAIT = "fait"


def date_longue(jour: datetime.date) -> str:
    return date_format(jour, "j F Y")


# --- Which campaign -------------------------------------------------------------------------


def campagne_courante(jour: datetime.date | None = None) -> Campagne | None:
    """The campaign whose window is open; else the last one opened (its dossier stays readable);
    else the next one."""
    jour = jour or timezone.localdate()
    ouverte = Campagne.objects.filter(ouverture__lte=jour, cloture__gte=jour).first()
    if ouverte:
        return ouverte
    passee = Campagne.objects.filter(ouverture__lte=jour).order_by("-ouverture").first()
    return passee or Campagne.objects.order_by("ouverture").first()


def prochaine_campagne(jour: datetime.date | None = None) -> Campagne | None:
    jour = jour or timezone.localdate()
    return Campagne.objects.filter(ouverture__gt=jour).order_by("ouverture").first()


def en_campagne(campagne: Campagne | None, jour: datetime.date | None = None) -> bool:
    jour = jour or timezone.localdate()
    return campagne is not None and campagne.ouverture <= jour <= campagne.cloture


def campagne_pour(annee_scolaire_ou_date: str | datetime.date) -> Campagne | None:
    """The campaign of a school year (« 2027-2028 ») or of the year a day belongs to: between
    two years (summer), the year that ends."""
    if isinstance(annee_scolaire_ou_date, str):
        return Campagne.objects.filter(annee_scolaire=annee_scolaire_ou_date).first()
    jour = annee_scolaire_ou_date
    return (
        Campagne.objects.filter(rentree__lte=jour).order_by("-rentree").first()
        or Campagne.objects.filter(fin_annee__gte=jour).order_by("rentree").first()
    )


def champs_verrouilles(fiche: str, campagne: Campagne | None) -> set[str] | None:
    """Fields a parent may not change now; None means the whole fiche."""
    if en_campagne(campagne):
        return set()
    return VERROUILLES_HORS_CAMPAGNE.get(fiche, set())


# --- The dossier and its fiches -------------------------------------------------------------


def dossier_de(foyer: Foyer, campagne: Campagne) -> DossierAnnuel:
    dossier, _ = DossierAnnuel.objects.get_or_create(foyer=foyer, campagne=campagne)
    return dossier


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
    return f"{libelle} de {enfant.prenom}" if enfant else libelle


def couvre_annee(debut: datetime.date, fin: datetime.date, campagne: Campagne) -> bool:
    return debut <= campagne.rentree and fin >= campagne.fin_annee


def message_couverture(campagne: Campagne) -> str:
    return (
        f"L'assurance doit couvrir toute l'année scolaire {campagne.annee_scolaire}, "
        f"du {date_longue(campagne.rentree)} au {date_longue(campagne.fin_annee)}."
    )


def problemes_fiche(
    fiche: str, foyer: Foyer, enfant: Enfant | None, campagne: Campagne
) -> list[str]:
    """What must still be filled in before this fiche can be validated (French sentences)."""
    problemes: list[str] = []
    if fiche == Fiche.FAMILLE:
        requis = ["adresse", "code_postal", "ville", "telephone", "situation", "regime"]
        if any(not getattr(foyer, c) for c in requis) or foyer.nombre_enfants is None:
            problemes.append("Complétez les coordonnées et la situation du foyer.")
        if foyer.regime in (Foyer.Regime.CAF, Foyer.Regime.MSA) and not foyer.numero_allocataire:
            problemes.append("Indiquez votre numéro d'allocataire.")
        responsables = foyer.responsables.prefetch_related("enfants")
        if not responsables:
            problemes.append("Indiquez au moins un responsable légal.")
        rattaches = {e.pk for r in responsables for e in r.enfants.all()}
        for e in enfants_du_foyer(foyer):
            if responsables and e.pk not in rattaches:
                problemes.append(f"Rattachez {e.prenom} à au moins un responsable légal.")
    elif fiche == Fiche.CONTACTS:
        for e in enfants_du_foyer(foyer):
            if not Contact.objects.filter(enfant=e, appeler_en_urgence=True).exists():
                problemes.append(
                    f"Indiquez au moins une personne à appeler en cas d'urgence pour {e.prenom}."
                )
    elif fiche == Fiche.ASSURANCE:
        assurance = Assurance.objects.filter(foyer=foyer, campagne=campagne).first()
        if assurance is None:
            problemes.append("Renseignez l'assurance de l'année scolaire.")
        elif not couvre_annee(assurance.debut, assurance.fin, campagne):
            problemes.append(message_couverture(campagne))
    elif fiche == Fiche.AUTORISATIONS:
        autorisation = Autorisation.objects.filter(enfant=enfant).first()
        if autorisation is None:
            problemes.append(f"Répondez aux autorisations de {enfant.prenom}.")
        elif autorisation.sortie_seul and not autorisation.heure_sortie_seul:
            problemes.append(
                f"Indiquez l'heure à partir de laquelle {enfant.prenom} peut quitter seul "
                "l'accueil."
            )
    elif fiche == Fiche.SANTE:
        sante = FicheSante.objects.filter(enfant=enfant).first()
        if sante is None:
            problemes.append(f"Remplissez la fiche santé de {enfant.prenom}.")
        elif not sante.medecin_nom:
            problemes.append(f"Indiquez le médecin traitant de {enfant.prenom}.")
    return problemes


def validation(dossier: DossierAnnuel, fiche: str, enfant: Enfant | None):
    return dossier.validations.filter(fiche=fiche, enfant=enfant).first()


@transaction.atomic
def valider_fiche(
    dossier: DossierAnnuel, fiche: str, enfant: Enfant | None, par
) -> ValidationFiche:
    """The family pressed « Valider » after reviewing the fiche."""
    if not en_campagne(dossier.campagne):
        raise ValidationError(
            "Le renouvellement du dossier est fermé : les fiches ne peuvent plus être validées."
        )
    problemes = problemes_fiche(fiche, dossier.foyer, enfant, dossier.campagne)
    if problemes:
        raise ValidationError(problemes)
    validation_, _ = ValidationFiche.objects.update_or_create(
        dossier=dossier, fiche=fiche, enfant=enfant, defaults={"valide_par": par}
    )
    mettre_a_jour_statut(dossier)
    return validation_


def apres_modification(dossier: DossierAnnuel | None, fiche: str, enfant: Enfant | None) -> None:
    """A fiche changed: until the dossier is sent, it must be validated again. Once sent, a
    change is a change of situation, kept in the history for staff."""
    if dossier is None or dossier.statut in (
        DossierAnnuel.Statut.A_VERIFIER,
        DossierAnnuel.Statut.VALIDE,
    ):
        return
    dossier.validations.filter(fiche=fiche, enfant=enfant).delete()
    mettre_a_jour_statut(dossier)


# --- Pieces ---------------------------------------------------------------------------------


def _requises(dossier: DossierAnnuel) -> list:
    # The pieces module owns the memo's list and its rules (shared children, files present);
    # imported here, not at the top, because it may itself use this module.
    from . import pieces

    return [r for r in pieces.pieces_requises(dossier) if r.obligatoire]


def pieces_requises(dossier: DossierAnnuel) -> list[tuple[str, Enfant | None]]:
    """The pieces this family must upload this year, as (type, enfant): proof of address and
    insurance; per child with a PAI its medical certificate and photo; the carnet de santé
    pages when the fiche santé gives no vaccination. The avis d'imposition and the divorce
    judgement are asked only in some situations, so never required here."""
    return [(r.type, r.enfant) for r in _requises(dossier)]


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
        requises = _requises(dossier)
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


# --- May this family book? ------------------------------------------------------------------


@dataclass
class Verdict:
    ok: bool
    raisons: list[tuple[str, str]] = field(default_factory=list)  # (French sentence, link)

    def __bool__(self) -> bool:
        return self.ok


def peut_reserver(foyer: Foyer, annee_scolaire_ou_date: str | datetime.date) -> Verdict:
    """A family may book for a school year only once its dossier for that year is validated by
    the Education service. Without a campaign for that year, nothing is required."""
    from ..pages import DossierFamillePage

    campagne = campagne_pour(annee_scolaire_ou_date)
    if campagne is None:
        return Verdict(ok=True)
    dossier = DossierAnnuel.objects.filter(foyer=foyer, campagne=campagne).first()
    if dossier is not None and dossier.statut == DossierAnnuel.Statut.VALIDE:
        return Verdict(ok=True)
    accueil = DossierFamillePage.url_de("accueil")
    annee = campagne.annee_scolaire
    if dossier is not None and dossier.statut == DossierAnnuel.Statut.A_VERIFIER:
        return Verdict(
            ok=False,
            raisons=[
                (
                    f"Votre dossier famille {annee} est en cours de vérification par le service "
                    "Éducation : vous pourrez réserver dès qu'il sera validé.",
                    accueil,
                )
            ],
        )
    raisons = [
        (
            f"Votre dossier famille {annee} doit être validé avant de réserver "
            f"(date limite : {date_longue(campagne.cloture)}).",
            accueil,
        )
    ]
    # An empty dossier is harmless to create, and lets the reasons come from one place.
    e = etat(dossier or dossier_de(foyer, campagne))
    for ligne in e.fiches:
        if not ligne.fait:
            raisons.append((f"{ligne.libelle} : à valider.", ligne.url_validation))
    for ligne in e.pieces:
        if ligne.etat == PieceJustificative.Statut.REFUSEE.label:
            motif = f" (motif : {ligne.detail})" if ligne.detail else ""
            raisons.append(
                (f"{ligne.libelle} : pièce refusée{motif}, à déposer de nouveau.", ligne.url)
            )
        elif not ligne.fait:
            raisons.append((f"{ligne.libelle} : pièce à déposer.", ligne.url))
    for ligne in e.reglements:
        if not ligne.fait:
            raisons.append((f"{ligne.libelle} : fiche à valider et signer.", ligne.url))
    return Verdict(ok=False, raisons=raisons)
