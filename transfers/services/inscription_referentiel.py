"""What the rows of a school registration file are checked and matched against, loaded once
per analysis and in batches: schools, classes, and the families the file names with their
children, legal guardians and links."""

from __future__ import annotations

import datetime

from django.db.models.functions import Lower

from famille.comptes.models import Compte, Structure
from famille.dossiers.models import Classe, Ecole, Enfant, Foyer, Garde, ResponsableLegal

from ..champs import normaliser
from ..models import CorrespondanceClasse, CorrespondanceEcole

LOT = 900  # ids per IN (...) query: under SQLite's variable limit


class Referentiel:
    """What the rows are checked against, loaded once: schools, classes, existing families."""

    def __init__(self, identifiants: set[str]):
        self.ecoles: dict[str, Ecole] = {normaliser(e.nom): e for e in Ecole.objects.all()}
        self.classes: dict[tuple[int, str], Classe] = {
            (c.ecole_id, normaliser(c.nom)): c for c in Classe.objects.all()
        }
        # The names staff mapped in an earlier preview (transfers.services.ecoles).
        for correspondance in CorrespondanceEcole.objects.select_related("ecole"):
            self.ecoles.setdefault(correspondance.nom_normalise, correspondance.ecole)
        for correspondance in CorrespondanceClasse.objects.select_related("classe"):
            self.classes.setdefault(
                (correspondance.ecole_id, correspondance.nom_normalise), correspondance.classe
            )
        # What the file names and the portal does not know: listed in the preview.
        self.ecoles_inconnues: dict[str, tuple[str, set[str]]] = {}  # normalised → name, classes
        self.classes_inconnues: dict[tuple[int, str], tuple[Ecole, str]] = {}
        structures = list(Structure.objects.values_list("pk", flat=True))
        self.structure_unique = structures[0] if len(structures) == 1 else None
        self.foyers: dict[str, Foyer] = {}
        self.comptes_pris: set[str] = set()
        cles = sorted(identifiants)
        for i in range(0, len(cles), LOT):
            lot = cles[i : i + LOT]
            for foyer in (
                Foyer.objects.annotate(cle=Lower("numero"))
                .filter(cle__in=lot)
                .select_related("titulaire")
            ):
                self.foyers[foyer.numero.lower()] = foyer
            self.comptes_pris.update(
                Compte.objects.annotate(cle=Lower("username"))
                .filter(cle__in=lot)
                .values_list("cle", flat=True)
            )
        ids = [f.pk for f in self.foyers.values()]
        self.enfants: dict[int, dict[tuple, Enfant]] = {pk: {} for pk in ids}
        self.responsables: dict[int, dict[tuple, ResponsableLegal]] = {pk: {} for pk in ids}
        self.liens: set[tuple[int, int]] = set()
        for i in range(0, len(ids), LOT):
            lot = ids[i : i + LOT]
            for garde in Garde.objects.filter(foyer_id__in=lot).select_related("enfant"):
                enfant = garde.enfant
                self.enfants[garde.foyer_id][
                    cle_enfant(enfant.nom, enfant.prenom, enfant.date_naissance)
                ] = enfant
            for resp in ResponsableLegal.objects.filter(foyer_id__in=lot):
                self.responsables[resp.foyer_id][cle_personne(resp.nom, resp.prenom)] = resp
            self.liens.update(
                ResponsableLegal.enfants.through.objects.filter(
                    responsablelegal__foyer_id__in=lot
                ).values_list("responsablelegal_id", "enfant_id")
            )
        self.gardes = {
            (foyer_id, enfant.pk)
            for foyer_id, enfants in self.enfants.items()
            for enfant in enfants.values()
        }

    def inconnus(self) -> dict:
        """The unknown names as the preview stores them (JSON)."""
        return {
            "ecoles": [
                {"nom": nom, "classes": sorted(classes)}
                for nom, classes in sorted(self.ecoles_inconnues.values())
            ],
            "classes": [
                {"ecole": ecole.pk, "ecole_nom": ecole.nom, "nom": nom}
                for ecole, nom in sorted(
                    self.classes_inconnues.values(), key=lambda x: (x[0].nom, x[1])
                )
            ],
        }


def cle_enfant(nom: str, prenom: str, naissance: datetime.date) -> tuple:
    return (normaliser(nom), normaliser(prenom), naissance)


def cle_personne(nom: str, prenom: str) -> tuple:
    return (normaliser(nom), normaliser(prenom))
