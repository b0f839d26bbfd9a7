"""RGPD in practice: « Mes données » (everything the portal holds on a family, as one dict
that becomes a JSON file and a readable PDF). The retention purge lives in rgpd_purge.py.

What a parent gets is their own foyer's data and the data of the children linked to it. For a
separated family the children's fiches (santé, autorisations, contacts) are shared, as the
second parent sees and updates them; the other parent's foyer (address, responsables, custody
rule, dossiers, pièces, bookings, signatures, history of their changes) is never included.
Staff members' identities (who reviewed a piece, who validated a dossier) are left out.
"""

from __future__ import annotations

import datetime
import decimal
import json

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from famille.comptes.models import Compte, Consentement, Evenement
from famille.comptes.pdf import template_vers_pdf

from ..models import (
    Assurance,
    Autorisation,
    Contact,
    DossierAnnuel,
    Enfant,
    FicheSante,
    Fichier,
    Foyer,
    Garde,
    Modification,
    PieceJustificative,
    ResponsableLegal,
    SignatureReglement,
    ValidationFiche,
)

# The domain does not import the reservations app: its model is reached through the relation.
Reservation = Foyer._meta.get_field("reservations").related_model

# Never exported: secrets, internal paths, staff identities, redundant links to the container.
EXCLUS = {
    "id",
    "password",
    "is_superuser",
    "is_staff",
    "fichier",
    "valide_par",
    "verifiee_par",
    "depose_par",
    "auteur",
    "compte",
    "titulaire",
}

# key in the dict -> (model, title in the PDF)
SECTIONS: dict[str, tuple[type[models.Model], str]] = {
    "foyer": (Foyer, "Compte famille"),
    "titulaire": (Compte, "Titulaire du compte"),
    "responsables": (ResponsableLegal, "Responsables légaux"),
    "enfants": (Enfant, "Enfants"),
    "garde": (Garde, "Garde"),
    "fiche_sante": (FicheSante, "Fiche santé"),
    "autorisations": (Autorisation, "Autorisations"),
    "contacts": (Contact, "Contacts"),
    "assurances": (Assurance, "Assurance"),
    "dossiers": (DossierAnnuel, "Dossiers annuels"),
    "fiches_validees": (ValidationFiche, "Fiches validées"),
    "pieces": (PieceJustificative, "Pièces justificatives"),
    "fichiers": (Fichier, "Fichiers déposés"),
    "signatures": (SignatureReglement, "Règlements intérieurs signés"),
    "consentements": (Consentement, "Consentements (RGPD, CGU)"),
    "evenements": (Evenement, "Journal de sécurité du compte"),
    "reservations": (Reservation, "Réservations"),
    "historique": (Modification, "Historique des modifications des fiches"),
}


def _valeur(champ: models.Field, obj: models.Model):
    if champ.is_relation:
        lie = getattr(obj, champ.name)
        return None if lie is None else str(lie)
    valeur = getattr(obj, champ.attname)
    if isinstance(champ, models.FileField):
        # A scan kept by the service (paper signature): said, not its private storage path.
        return "document numérisé conservé par le service Éducation" if valeur else None
    if isinstance(valeur, datetime.datetime):
        return (
            timezone.localtime(valeur).isoformat()
            if timezone.is_aware(valeur)
            else valeur.isoformat()
        )
    if isinstance(valeur, datetime.date | datetime.time):
        return valeur.isoformat()
    if isinstance(valeur, decimal.Decimal):
        return str(valeur)
    return valeur


def enregistrement(obj: models.Model, exclure: tuple[str, ...] = ()) -> dict:
    """One record as plain JSON values, field names as keys."""
    return {
        champ.name: _valeur(champ, obj)
        for champ in obj._meta.concrete_fields
        if champ.name not in EXCLUS and champ.name not in exclure
    }


def _enfant(enfant: Enfant, foyer: Foyer) -> dict:
    donnees = enregistrement(enfant)
    garde = Garde.objects.filter(foyer=foyer, enfant=enfant).first()
    donnees["garde"] = enregistrement(garde, ("foyer", "enfant")) if garde else None
    fiche = FicheSante.objects.filter(enfant=enfant).first()
    donnees["fiche_sante"] = enregistrement(fiche, ("enfant",)) if fiche else None
    autorisation = Autorisation.objects.filter(enfant=enfant).first()
    donnees["autorisations"] = enregistrement(autorisation, ("enfant",)) if autorisation else None
    donnees["contacts"] = [enregistrement(c, ("enfant",)) for c in enfant.contacts.all()]
    return donnees


def donnees_du_foyer(foyer: Foyer) -> dict:
    """Everything the portal holds on this family, seen from its titulaire's account."""
    compte = foyer.titulaire
    enfants = Enfant.objects.filter(gardes__foyer=foyer).distinct().order_by("prenom")
    dossiers = []
    for dossier in foyer.dossiers.select_related("campagne").order_by("campagne__rentree"):
        d = enregistrement(dossier, ("foyer",))
        d["fiches_validees"] = [
            enregistrement(v, ("dossier",)) for v in dossier.validations.select_related("enfant")
        ]
        dossiers.append(d)
    pieces = []
    for piece in PieceJustificative.objects.filter(dossier__foyer=foyer).select_related(
        "dossier__campagne", "enfant"
    ):
        p = enregistrement(piece)
        p["fichiers"] = [enregistrement(f, ("piece",)) for f in piece.fichiers.all()]
        pieces.append(p)
    return {
        "genere_le": timezone.localtime().isoformat(),
        "foyer": enregistrement(foyer),
        "titulaire": enregistrement(compte),
        "responsables": [
            enregistrement(r, ("foyer",)) | {"enfants": [str(e) for e in r.enfants.all()]}
            for r in foyer.responsables.all()
        ],
        "enfants": [_enfant(e, foyer) for e in enfants],
        "assurances": [
            enregistrement(a, ("foyer",)) for a in Assurance.objects.filter(foyer=foyer)
        ],
        "dossiers": dossiers,
        "pieces": pieces,
        "signatures": [
            enregistrement(s)
            for s in SignatureReglement.objects.filter(compte=compte).select_related(
                "enfant", "structure", "page", "revision"
            )
        ],
        "consentements": [enregistrement(c) for c in Consentement.objects.filter(compte=compte)],
        "evenements": [enregistrement(e) for e in Evenement.objects.filter(compte=compte)],
        "reservations": [
            enregistrement(r, ("foyer",))
            for r in Reservation.objects.filter(foyer=foyer).select_related("enfant", "prestation")
        ],
        "historique": [
            enregistrement(m, ("foyer",))
            for m in Modification.objects.filter(foyer=foyer).select_related("enfant")
        ],
    }


def en_json(donnees: dict) -> bytes:
    return json.dumps(donnees, ensure_ascii=False, indent=2).encode("utf-8")


# --- the readable PDF -------------------------------------------------------------------------


def _affichage(champ: models.Field | None, valeur) -> str:
    if valeur is None or valeur == "":
        return "—"
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if champ is not None and champ.choices and not champ.is_relation:
        return str(dict(champ.flatchoices).get(valeur, valeur))
    if isinstance(champ, models.DateTimeField) and (moment := parse_datetime(str(valeur))):
        return (
            f"{timezone.localtime(moment) if timezone.is_aware(moment) else moment:%d/%m/%Y %H:%M}"
        )
    if isinstance(champ, models.DateField) and (jour := parse_date(str(valeur))):
        return f"{jour:%d/%m/%Y}"
    if isinstance(valeur, dict):
        # The history's {field: [before, after]}: « Médecin traitant : — → Dr Lefèvre ».
        return "\n".join(f"{k} : {_avant_apres(v)}" for k, v in valeur.items())
    if isinstance(valeur, list):
        return ", ".join(str(v) for v in valeur) or "—"
    return str(valeur)


def _avant_apres(valeur) -> str:
    if isinstance(valeur, list | tuple) and len(valeur) == 2:
        avant, apres = (v if v not in (None, "") else "—" for v in valeur)
        return f"{avant} → {apres}"
    return "—" if valeur in (None, "") else str(valeur)


# The fiche of a history line or a validation, as people name it (« pieces »: issue 10.5's trace).
FICHES_LISIBLES = dict(ValidationFiche.Fiche.choices) | {"pieces": "Pièces justificatives"}

# Records nested in another record (a child's fiches, a dossier's validations, a piece's files).
IMBRIQUES = {"garde", "fiche_sante", "autorisations", "contacts", "fiches_validees", "fichiers"}


def _lisible(donnees: dict, modele: type[models.Model]) -> dict:
    """{"lignes": [(label, text)], "sous_sections": [(title, [records])]} for one record."""
    lignes, sous_sections = [], []
    for cle, valeur in donnees.items():
        if cle in IMBRIQUES:
            sous_modele, titre = SECTIONS[cle]
            elements = valeur if isinstance(valeur, list) else ([valeur] if valeur else [])
            sous_sections.append((titre, [_lisible(e, sous_modele) for e in elements]))
            continue
        try:
            champ = modele._meta.get_field(cle)
            libelle = str(champ.verbose_name)
        except FieldDoesNotExist:
            champ, libelle = None, cle.replace("_", " ")
        texte = _affichage(champ, valeur)
        if cle == "fiche":
            # « Fiche : Fiche famille » read as « Fiche Fiche famille »: the fiche's own name.
            libelle = "Fiche concernée"
            texte = str(FICHES_LISIBLES.get(valeur, texte))
        lignes.append((libelle[:1].upper() + libelle[1:], texte))
    return {"lignes": lignes, "sous_sections": sous_sections}


def pour_lecture(donnees: dict) -> list[tuple[str, list[dict]]]:
    sections = []
    for cle, (modele, titre) in SECTIONS.items():
        if cle not in donnees:
            continue
        valeur = donnees[cle]
        elements = valeur if isinstance(valeur, list) else [valeur]
        sections.append((titre, [_lisible(e, modele) for e in elements if e]))
    return sections


# Long lists of flat records: one row each in one table, not one table each (a family's year of
# bookings made 58 pages and 5 s of layout; issue 10.9 asks for under 2 s).
EN_TABLEAU = {"reservations", "evenements", "consentements", "historique"}


def en_pdf(donnees: dict, foyer: Foyer) -> bytes:
    return template_vers_pdf(
        "dossiers/pdf/mes_donnees.html",
        {
            "foyer": foyer,
            "genere_le": parse_datetime(donnees["genere_le"]),
            "sections": pour_lecture(donnees),
            "tableaux": {SECTIONS[cle][1] for cle in EN_TABLEAU},
        },
    )
