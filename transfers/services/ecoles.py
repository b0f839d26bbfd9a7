"""Unknown schools and classes of a registration file. The preview lists the names the portal
does not know; staff create each one or map it to an existing one. A mapping is remembered
(CorrespondanceEcole, CorrespondanceClasse) and used by every later import, like the column
mapping. Classes are created in bulk through the domain's rule (creer_classes)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from famille.dossiers.models import Classe, Ecole
from famille.dossiers.services.classes import creer_classes

from ..champs import normaliser
from ..models import CorrespondanceClasse, CorrespondanceEcole

CREER = "creer"


@dataclass
class Bilan:
    ecoles_creees: int = 0
    classes_creees: int = 0
    correspondances: int = 0

    def message(self) -> str:
        return (
            f"Écoles créées : {self.ecoles_creees} ; classes créées : {self.classes_creees} ; "
            f"correspondances retenues pour les prochains imports : {self.correspondances}. "
            "Le fichier est analysé de nouveau."
        )


@transaction.atomic
def associer(
    ecoles: dict[str, tuple[str, list[str]]],
    classes: dict[tuple[int, str], str],
    structure,
) -> Bilan:
    """`ecoles`: {name in the file: (CREER or an école id, the file's classes of it)};
    `classes`: {(école id, class name in the file): CREER or a classe id of that school}."""
    bilan = Bilan()
    connues = {normaliser(e.nom): e for e in Ecole.objects.all()}
    for nom, (choix, noms_classes) in ecoles.items():
        if choix == CREER:
            ecole = connues.get(normaliser(nom))  # created meanwhile: not twice
            if ecole is None:
                ecole = Ecole.objects.create(nom=nom, structure=structure)
                connues[normaliser(nom)] = ecole
                bilan.ecoles_creees += 1
            bilan.classes_creees += len(creer_classes(ecole, noms_classes))
        else:
            ecole = Ecole.objects.get(pk=choix)
            CorrespondanceEcole.objects.update_or_create(
                nom_normalise=normaliser(nom), defaults={"nom": nom, "ecole": ecole}
            )
            bilan.correspondances += 1
    for (ecole_id, nom), choix in classes.items():
        ecole = Ecole.objects.get(pk=ecole_id)
        if choix == CREER:
            bilan.classes_creees += len(creer_classes(ecole, [nom]))
        else:
            classe = Classe.objects.get(pk=choix, ecole=ecole)
            CorrespondanceClasse.objects.update_or_create(
                ecole=ecole,
                nom_normalise=normaliser(nom),
                defaults={"nom": nom, "classe": classe},
            )
            bilan.correspondances += 1
    return bilan
