"""One row of the school registration file: its clean values, or French sentences naming the
row and the column. Nothing is matched against existing families here (see inscription_plan)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from ..champs import CHAMPS_INSCRIPTION, normaliser
from . import valeurs
from .inscription_referentiel import Referentiel

LIBELLES = {c.cle: c.libelle for c in CHAMPS_INSCRIPTION}


@dataclass
class Ligne:
    numero: int
    brut: dict
    entetes: dict  # field → the file's header, to name the column in errors
    erreurs: list[str] = field(default_factory=list)
    propre: dict = field(default_factory=dict)
    cles_en_erreur: set = field(default_factory=set)

    def erreur(self, cle: str | None, message: str) -> None:
        self.cles_en_erreur.add(cle)
        if cle is None:
            self.erreurs.append(f"Ligne {self.numero} : {message}")
        else:
            colonne = self.entetes.get(cle) or LIBELLES[cle]
            self.erreurs.append(f"Ligne {self.numero}, colonne « {colonne} » : {message}")


_identifiant_valide = UnicodeUsernameValidator()


def valider_ligne(ligne: Ligne, ref: Referentiel, aujourdhui: datetime.date) -> None:
    """Fill ligne.propre with clean values, or ligne.erreurs with French sentences."""
    b, p = ligne.brut, ligne.propre

    def lire(cle: str, fonction: Callable = valeurs.texte, *args):
        try:
            return fonction(b.get(cle, ""), *args)
        except ValueError as exc:
            ligne.erreur(cle, str(exc))
            return None

    for cle in ("identifiant", "titulaire_nom", "titulaire_prenom", "enfant_nom", "enfant_prenom"):
        p[cle] = lire(cle)
        if p[cle] == "":
            ligne.erreur(cle, "cette valeur est obligatoire.")
    if p["identifiant"]:
        try:
            _identifiant_valide(p["identifiant"])
            if len(p["identifiant"]) > 30:
                raise ValidationError("")
        except ValidationError:
            ligne.erreur(
                "identifiant",
                f"« {p['identifiant']} » n'est pas un identifiant valide (30 caractères au plus : "
                "lettres, chiffres et . - _ sans espace).",
            )
    p["enfant_date_naissance"] = lire("enfant_date_naissance", valeurs.date_naissance, aujourdhui)
    if p["enfant_date_naissance"] is None and "enfant_date_naissance" not in ligne.cles_en_erreur:
        ligne.erreur("enfant_date_naissance", "cette valeur est obligatoire.")
    p["titulaire_lien"] = lire("titulaire_lien", valeurs.lien)
    p["emails"] = lire("emails", valeurs.emails)
    p["enfant_sexe"] = lire("enfant_sexe", valeurs.sexe)
    p["code_postal"] = lire("code_postal", valeurs.code_postal)
    p["telephone"] = lire("telephone", valeurs.telephone)
    for cle in ("adresse", "complement_adresse", "ville"):
        p[cle] = lire(cle)
    _adresse_en_une_cellule(p, "adresse", "code_postal", "ville")
    _valider_ecole(ligne, ref)
    _valider_second_responsable(ligne, lire)


def _adresse_en_une_cellule(p: dict, rue: str, code_postal: str, ville: str) -> None:
    """« 12 rue X, 33610 Cestas » in the address cell, with no postcode nor town column (or
    empty ones), is split into the three fields."""
    if p.get(rue) and not p.get(code_postal) and not p.get(ville):
        morceaux = valeurs.decouper_adresse(p[rue])
        if morceaux:
            p[rue], p[code_postal], p[ville] = morceaux


def _valider_ecole(ligne: Ligne, ref: Referentiel) -> None:
    b, p = ligne.brut, ligne.propre
    nom_ecole, nom_classe = valeurs.texte(b.get("ecole")), valeurs.texte(b.get("classe"))
    p["ecole"] = p["classe"] = None
    if nom_ecole:
        p["ecole"] = ref.ecoles.get(normaliser(nom_ecole))
        if p["ecole"] is None:
            inconnue = ref.ecoles_inconnues.setdefault(normaliser(nom_ecole), (nom_ecole, set()))
            if nom_classe:
                inconnue[1].add(nom_classe)
            ligne.erreur(
                "ecole",
                f"l'école « {nom_ecole} » n'existe pas dans le portail : créez-la ou "
                "associez-la à une école existante en haut de l'aperçu.",
            )
            return
    if nom_classe:
        if p["ecole"] is None:
            ligne.erreur("classe", f"la classe « {nom_classe} » est donnée sans école.")
            return
        cle = (p["ecole"].pk, normaliser(nom_classe))
        p["classe"] = ref.classes.get(cle)
        if p["classe"] is None:
            ref.classes_inconnues.setdefault(cle, (p["ecole"], nom_classe))
            ligne.erreur(
                "classe",
                f"la classe « {nom_classe} » n'existe pas à l'école « {p['ecole'].nom} » : "
                "créez-la ou associez-la à une classe existante en haut de l'aperçu.",
            )


def _valider_second_responsable(ligne: Ligne, lire: Callable) -> None:
    p = ligne.propre
    for cle in (
        "resp2_nom",
        "resp2_prenom",
        "resp2_adresse",
        "resp2_ville",
        "resp2_identifiant",
    ):
        p[cle] = lire(cle)
    p["resp2_telephone"] = lire("resp2_telephone", valeurs.telephone)
    p["resp2_lien"] = lire("resp2_lien", valeurs.lien)
    p["resp2_emails"] = lire("resp2_emails", valeurs.emails)
    p["resp2_code_postal"] = lire("resp2_code_postal", valeurs.code_postal)
    _adresse_en_une_cellule(p, "resp2_adresse", "resp2_code_postal", "resp2_ville")
    renseigne = any(
        p.get(c)
        for c in ("resp2_nom", "resp2_prenom", "resp2_telephone", "resp2_emails", "resp2_adresse")
    )
    if renseigne:
        for cle in ("resp2_nom", "resp2_prenom"):
            if not p[cle]:
                ligne.erreur(cle, "obligatoire quand un second responsable est indiqué.")
