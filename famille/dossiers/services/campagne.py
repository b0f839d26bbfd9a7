"""The annual renewal: which campaign runs, what each family must validate and upload, the
status of its dossier. Whether a family may book is eligibilite.peut_reserver.

Per foyer: the fiche famille, the contacts and the assurance; per child: the autorisations and
the fiche santé. Each is validated separately (« Valider », after a recap of its content). When
the family has validated every fiche and uploaded every required piece, the dossier is
« À vérifier »; the Education service accepting it makes it « Validé ». What is done and what
is left, and the status that follows, are in etat_dossier.py, re-exported here.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from famille.comptes.francais import de
from famille.comptes.memo import memoriser

from ..models import (
    Assurance,
    Autorisation,
    Campagne,
    Contact,
    DossierAnnuel,
    Enfant,
    FicheSante,
    Foyer,
    ValidationFiche,
)
from .etat_dossier import (  # noqa: F401  (re-exported: callers use campagne.etat(...))
    FICHES_ENFANT,
    FICHES_FOYER,
    ROUTES,
    Etat,
    Fiche,
    Ligne,
    dossier_complet,
    enfants_du_foyer,
    etat,
    etat_a_jour,
    fiches_attendues,
    libelle_fiche,
    lignes_fiches,
    lignes_pieces,
    lignes_reglement,
    mettre_a_jour_statut,
    route_fiche,
    route_validation,
)
from .pieces_requises import pieces_requises as liste_pieces_requises

# Outside the window the renewal is closed, but a change of situation may still be declared:
# address, phones, family situation, responsables, contacts, autorisations (a consent must be
# withdrawable at any time) and the fiche santé stay editable. Locked: what belongs to the
# yearly renewal itself — the assurance of the year and the allocation data from which the
# Education service computes the year's quotient familial (changed through the service).
VERROUILLES_HORS_CAMPAGNE: dict[str, set[str] | None] = {
    Fiche.FAMILLE: {"regime", "numero_allocataire", "reside_commune", "nombre_enfants"},
    Fiche.ASSURANCE: None,  # None: the whole fiche
}


def date_longue(jour: datetime.date) -> str:
    return date_format(jour, "j F Y")


# --- Which campaign -------------------------------------------------------------------------


def campagne_courante(jour: datetime.date | None = None) -> Campagne | None:
    """The campaign whose window is open; else the last one opened (its dossier stays readable);
    else the next one."""
    jour = jour or timezone.localdate()
    campagnes = _campagnes()
    ouvertes = [c for c in campagnes if c.ouverture <= jour <= c.cloture]
    if ouvertes:
        return ouvertes[0]
    passees = [c for c in campagnes if c.ouverture <= jour]
    if passees:
        return max(passees, key=lambda c: c.ouverture)
    return min(campagnes, key=lambda c: c.ouverture, default=None)


def prochaine_campagne(jour: datetime.date | None = None) -> Campagne | None:
    jour = jour or timezone.localdate()
    a_venir = [c for c in _campagnes() if c.ouverture > jour]
    return min(a_venir, key=lambda c: (c.ouverture, c.pk), default=None)


def _campagnes() -> list[Campagne]:
    """Every campaign (one a school year: a few rows), read once per request and chosen from
    here: this runs on every parent page (the « reste à faire » box), and the Dossier Famille
    home asks for the current and the next one, within the 20-query budget of issue 15.6.
    Outside a request (tasks, shell) read afresh at each call (famille/comptes/memo.py)."""
    return memoriser(("campagnes",), lambda: list(Campagne.objects.order_by("-rentree", "pk")))


def en_campagne(campagne: Campagne | None, jour: datetime.date | None = None) -> bool:
    jour = jour or timezone.localdate()
    return campagne is not None and campagne.ouverture <= jour <= campagne.cloture


def campagne_pour(annee_scolaire_ou_date: str | datetime.date) -> Campagne | None:
    """The campaign of a school year (« 2027-2028 ») or of the year a day belongs to: between
    two years (summer), the year that ends."""
    if isinstance(annee_scolaire_ou_date, str):
        return Campagne.objects.filter(annee_scolaire=annee_scolaire_ou_date).first()
    return campagne_du_jour(Campagne.objects.all(), annee_scolaire_ou_date)


def campagne_du_jour(campagnes, jour: datetime.date) -> Campagne | None:
    """The school year a day belongs to, among `campagnes` (few rows, read once by callers
    that ask for many days): the last year begun by then; before any, the first one not yet
    ended. Between two years (summer), the year that ends."""
    commencees = [c for c in campagnes if c.rentree <= jour]
    if commencees:
        return max(commencees, key=lambda c: c.rentree)
    a_venir = [c for c in campagnes if c.fin_annee >= jour]
    return min(a_venir, key=lambda c: c.rentree) if a_venir else None


def champs_verrouilles(fiche: str, campagne: Campagne | None) -> set[str] | None:
    """Fields a parent may not change now; None means the whole fiche."""
    if en_campagne(campagne):
        return set()
    return VERROUILLES_HORS_CAMPAGNE.get(fiche, set())


# --- The dossier and its fiches -------------------------------------------------------------


def dossier_de(foyer: Foyer, campagne: Campagne) -> DossierAnnuel:
    dossier, _ = DossierAnnuel.objects.get_or_create(foyer=foyer, campagne=campagne)
    # The foyer and campaign already read (the foyer with its titulaire, by the login): the
    # dossier's state reads them, not again (issue 15.6).
    dossier.foyer, dossier.campagne = foyer, campagne
    return dossier


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
            problemes.append(f"Répondez aux autorisations {de(enfant.prenom)}.")
        elif autorisation.sortie_seul and not autorisation.heure_sortie_seul:
            problemes.append(
                f"Indiquez l'heure à partir de laquelle {enfant.prenom} peut quitter seul "
                "l'accueil."
            )
    elif fiche == Fiche.SANTE:
        sante = FicheSante.objects.filter(enfant=enfant).first()
        if sante is None:
            problemes.append(f"Remplissez la fiche santé {de(enfant.prenom)}.")
        elif not sante.medecin_nom:
            problemes.append(f"Indiquez le médecin traitant {de(enfant.prenom)}.")
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


def pieces_requises(dossier: DossierAnnuel) -> list[tuple[str, Enfant | None]]:
    """The pieces this family must upload this year, as (type, enfant) (see
    pieces_requises.py for the memo's rules)."""
    return [(r.type, r.enfant) for r in liste_pieces_requises(dossier) if r.obligatoire]
