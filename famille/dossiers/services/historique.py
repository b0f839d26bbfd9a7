"""History of the fiches: every change, by a parent or by staff, keeps who, when and what.

One entry point, `enregistrer`, wraps the save of any fiche: it reads the fiche from the
database before and after the save and writes one Modification with the differences. Health
values are stored like the others (staff of the Éducation service need them) but shown only to
that group: see `afficher`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction

from famille.comptes.acces import voit_sante

from ..models import (
    Assurance,
    Autorisation,
    Campagne,
    Contact,
    Enfant,
    FicheSante,
    Foyer,
    Modification,
    ResponsableLegal,
)

FICHES_SANTE = {"sante"}
MASQUE = "(donnée de santé masquée)"

# The fields of each fiche that the history (and the recap before « Valider ») show.
CHAMPS_FOYER = [
    "adresse",
    "complement_adresse",
    "code_postal",
    "ville",
    "telephone",
    "telephone_secours",
    "situation",
    "nombre_enfants",
    "regime",
    "numero_allocataire",
    "reside_commune",
]
CHAMPS_RESPONSABLE = [
    "prenom",
    "nom",
    "lien",
    "telephone",
    "telephone_travail",
    "email",
    "profession",
    "employeur",
    "adresse",
    "enfants",
]
CHAMPS_CONTACT = ["prenom", "nom", "lien", "telephone", "appeler_en_urgence", "peut_recuperer"]
CHAMPS_ASSURANCE = ["assureur", "numero_contrat", "debut", "fin"]
CHAMPS_AUTORISATION = [
    "photo_video",
    "sortie_seul",
    "heure_sortie_seul",
    "transport_sorties",
    "soins_urgence",
]
CHAMPS_SANTE = [
    "medecin_nom",
    "medecin_telephone",
    "vaccin_dtp_date",
    "vaccinations",
    "allergies",
    "pai",
    "repas_pai",
    "regime",
    "besoins_particuliers",
    "adaptations",
    "remarques",
]

# key -> (label, value as text); the key is stable (pk-based), the label is what people read.
Instantane = dict[str, tuple[str, str]]


def texte(instance: models.Model, champ: str) -> str:
    """A field's value as a French reader sees it."""
    field = instance._meta.get_field(champ)
    if field.many_to_many:
        if instance.pk is None:
            return ""
        return ", ".join(str(o) for o in getattr(instance, champ).all())
    valeur = getattr(instance, champ)
    if field.choices and valeur not in (None, ""):
        return str(getattr(instance, f"get_{champ}_display")())
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if valeur is None:
        return ""
    if isinstance(valeur, datetime.date):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, datetime.time):
        return valeur.strftime("%H:%M")
    return str(valeur)


def _libelle(instance: models.Model, champ: str) -> str:
    libelle = str(instance._meta.get_field(champ).verbose_name)
    return libelle[:1].upper() + libelle[1:]


def _ajouter(resultat: Instantane, prefixe: str, titre: str, instance, champs: list[str]) -> None:
    for champ in champs:
        libelle = _libelle(instance, champ)
        resultat[f"{prefixe}{champ}"] = (f"{titre}{libelle}", texte(instance, champ))


def instantane(
    fiche: str,
    *,
    foyer: Foyer | None = None,
    enfant: Enfant | None = None,
    campagne: Campagne | None = None,
) -> Instantane:
    """What the fiche holds in the database now."""
    resultat: Instantane = {}
    if fiche == "famille":
        foyer = Foyer.objects.get(pk=foyer.pk)
        _ajouter(resultat, "", "", foyer, CHAMPS_FOYER)
        for responsable in ResponsableLegal.objects.filter(foyer=foyer).order_by("pk"):
            titre = f"Responsable légal « {responsable} » — "
            _ajouter(
                resultat, f"responsable:{responsable.pk}:", titre, responsable, CHAMPS_RESPONSABLE
            )
    elif fiche == "contacts":
        for contact in Contact.objects.filter(enfant=enfant).order_by("pk"):
            _ajouter(
                resultat,
                f"contact:{contact.pk}:",
                f"Contact « {contact.prenom} {contact.nom} » — ",
                contact,
                CHAMPS_CONTACT,
            )
    elif fiche == "assurance":
        assurance = Assurance.objects.filter(foyer=foyer, campagne=campagne).first()
        if assurance:
            _ajouter(resultat, "", "", assurance, CHAMPS_ASSURANCE)
    elif fiche == "autorisations":
        autorisation = Autorisation.objects.filter(enfant=enfant).first()
        if autorisation:
            _ajouter(resultat, "", "", autorisation, CHAMPS_AUTORISATION)
    elif fiche == "sante":
        sante = FicheSante.objects.filter(enfant=enfant).first()
        if sante:
            _ajouter(resultat, "", "", sante, CHAMPS_SANTE)
    else:
        raise ValueError(f"Fiche inconnue : {fiche}")
    return resultat


def differences(avant: Instantane, apres: Instantane) -> dict[str, list[str | None]]:
    """{label: [before, after]}; a row added or removed shows None on the missing side."""
    changements: dict[str, list[str | None]] = {}
    for cle in list(avant) + [c for c in apres if c not in avant]:
        libelle_avant, valeur_avant = avant.get(cle, (None, None))
        libelle_apres, valeur_apres = apres.get(cle, (None, None))
        if valeur_avant != valeur_apres and (valeur_avant or valeur_apres):
            changements[libelle_apres or libelle_avant] = [valeur_avant, valeur_apres]
    return changements


def enregistrer(
    fiche: str,
    sauvegarde: Callable[[], object],
    *,
    auteur,
    foyer: Foyer,
    enfant: Enfant | None = None,
    campagne: Campagne | None = None,
) -> Modification | None:
    """Run `sauvegarde` (the form's save) and log what it changed. Every fiche save, by a
    parent or by staff, goes through here. `foyer` is the author's foyer, or for staff the
    foyer the fiche belongs to. Returns None when nothing changed."""
    with transaction.atomic():
        avant = instantane(fiche, foyer=foyer, enfant=enfant, campagne=campagne)
        sauvegarde()
        apres = instantane(fiche, foyer=foyer, enfant=enfant, campagne=campagne)
        changements = differences(avant, apres)
        if not changements:
            return None
        return Modification.objects.create(
            foyer=foyer,
            enfant=enfant,
            fiche=fiche,
            changements=changements,
            sante=fiche in FICHES_SANTE,
            auteur=auteur if getattr(auteur, "is_authenticated", False) else None,
        )


@dataclass
class LigneModification:
    champ: str
    avant: str
    apres: str


def afficher(modification: Modification, utilisateur) -> list[LigneModification]:
    """The lines of a Modification as this user may read them."""
    masquer = modification.sante and not voit_sante(utilisateur)
    lignes = []
    for champ, (avant, apres) in modification.changements.items():
        if masquer:
            lignes.append(LigneModification(champ, MASQUE, MASQUE))
        else:
            lignes.append(LigneModification(champ, avant or "—", apres or "—"))
    return lignes


@dataclass(frozen=True)
class ChangementParUnAutre:
    enfant: Enfant
    par: str  # « Thomas Petit » or « le service Éducation »
    le: datetime.datetime


def changements_par_un_autre(
    fiche: str, enfants: list[Enfant], compte
) -> list[ChangementParUnAutre]:
    """For a shared child's fiche, the last change when someone else made it (the other
    parent, or staff): who and when, never what (the fiche itself shows the values)."""
    # The last change of each child's fiche, all the children in one query.
    derniere_de = (
        Modification.objects.filter(fiche=fiche, enfant=models.OuterRef("pk"))
        .order_by("-date", "-pk")
        .values("pk")[:1]
    )
    dernieres = {
        m.enfant_id: m
        for m in Modification.objects.filter(
            pk__in=Enfant.objects.filter(pk__in=[e.pk for e in enfants])
            .annotate(derniere=models.Subquery(derniere_de))
            .values("derniere")
        ).select_related("auteur")
    }
    changements = []
    for enfant in enfants:
        derniere = dernieres.get(enfant.pk)
        if derniere is None or derniere.auteur_id == compte.pk:
            continue
        auteur = derniere.auteur
        if auteur is None or auteur.is_staff:
            par = "le service Éducation"
        else:
            par = auteur.get_full_name() or "l'autre responsable de l'enfant"
        changements.append(ChangementParUnAutre(enfant, par, derniere.date))
    return changements
