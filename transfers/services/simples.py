"""Tariffs, closures and quotients: small files imported through django-import-export
resources. The preview is the resource's dry run (rolled back); the import runs it again for
real on the rows kept, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

import tablib
from import_export.results import RowResult

from .apercu import LigneApercu


@dataclass
class ResultatSimple:
    lignes: list[LigneApercu]
    dataset: tablib.Dataset
    numeros: list[int]
    statistiques: dict = field(default_factory=dict)

    @property
    def erreurs(self) -> int:
        return sum(1 for ligne in self.lignes if ligne.erreurs)


def _dataset(lignes: list[tuple[int, dict]], cles: list[str]) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=cles)
    for _numero, valeurs in lignes:
        dataset.append([valeurs.get(cle, "") for cle in cles])
    return dataset


def analyser(resource_class, champs, lignes, entetes, progression=None) -> ResultatSimple:
    cles = [c.cle for c in champs]
    libelles = {c.cle: c.libelle for c in champs}
    dataset = _dataset(lignes, cles)
    resultat = resource_class().import_data(
        dataset, dry_run=True, raise_errors=False, use_transactions=True
    )
    apercu = []
    for (numero, valeurs), row in zip(lignes, resultat.rows, strict=True):
        ligne = LigneApercu(numero)
        if not ligne.lire_anomalie(valeurs):
            pass  # a shifted row: its dry-run messages would be nonsense
        elif row.import_type == RowResult.IMPORT_TYPE_NEW:
            ligne.creation(f"{row.object_repr} : créé")
        elif row.import_type == RowResult.IMPORT_TYPE_UPDATE:
            ligne.modification(f"{row.object_repr} : modifié")
        elif row.validation_error is not None:
            for cle, messages in row.validation_error.message_dict.items():
                colonne = entetes.get(cle) or libelles.get(cle)
                for message in messages:
                    if colonne:
                        ligne.erreurs.append(f"Ligne {numero}, colonne « {colonne} » : {message}")
                    else:
                        ligne.erreurs.append(f"Ligne {numero} : {message}")
        elif row.errors:
            ligne.erreurs.extend(f"Ligne {numero} : {e.error}" for e in row.errors)
        apercu.append(ligne)
    if progression:
        progression(len(lignes))
    return ResultatSimple(apercu, dataset, [n for n, _ in lignes])


def ecrire(resource_class, resultat: ResultatSimple) -> list[int]:
    """Import the rows without errors (the caller refused the file if it had to)."""
    valides = tablib.Dataset(headers=resultat.dataset.headers)
    for ligne, row in zip(resultat.lignes, resultat.dataset, strict=True):
        if not ligne.erreurs:
            valides.append(row)
    final = resource_class().import_data(
        valides, dry_run=False, raise_errors=False, use_transactions=True
    )
    if final.has_errors() or final.has_validation_errors():
        raise RuntimeError("Le fichier a changé d'état entre l'aperçu et l'import.")
    return []
