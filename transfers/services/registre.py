"""The kinds of import: their columns, the permissions they need and their analysis/writing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import champs as c
from ..models import TypeImport


@dataclass(frozen=True)
class DefinitionImport:
    type: str
    titre: str
    champs: list[c.Champ]
    permissions: tuple[str, ...]
    analyser: Callable[..., Any]  # (lignes, entetes, progression) -> result with .lignes
    ecrire: Callable[[Any], list[int]]
    explication: str = ""


def _inscriptions() -> DefinitionImport:
    from . import inscription, inscription_ecriture

    return DefinitionImport(
        TypeImport.INSCRIPTIONS,
        "Importer les inscriptions scolaires",
        c.CHAMPS_INSCRIPTION,
        (
            "dossiers.add_foyer",
            "dossiers.change_foyer",
            "dossiers.add_enfant",
            "dossiers.change_enfant",
            "dossiers.add_responsablelegal",
            "dossiers.add_garde",
        ),
        inscription.analyser,
        inscription_ecriture.ecrire,
        "Une ligne par enfant. Chaque famille est reconnue par son identifiant, chaque enfant "
        "par son nom, son prénom et sa date de naissance dans la famille : importer deux fois "
        "le même fichier ne change rien. Les nouveaux comptes reçoivent leur mot de passe "
        "initial avec le courrier d'identifiants.",
    )


def _simple(type_, titre, champs, resource_name, permissions, explication) -> DefinitionImport:
    from .. import resources
    from . import simples

    resource_class = getattr(resources, resource_name)
    return DefinitionImport(
        type_,
        titre,
        champs,
        permissions,
        lambda lignes, entetes, progression=None: simples.analyser(
            resource_class, champs, lignes, entetes, progression
        ),
        lambda resultat: simples.ecrire(resource_class, resultat),
        explication,
    )


def definition(type_: str) -> DefinitionImport:
    if type_ == TypeImport.INSCRIPTIONS:
        return _inscriptions()
    if type_ == TypeImport.TARIFS:
        return _simple(
            type_,
            "Importer des tarifs",
            c.CHAMPS_TARIFS,
            "TarifResource",
            ("facturation.add_tarif", "facturation.change_tarif"),
            "Un tarif par ligne : une prestation, une tranche de quotient familial, un prix, "
            "une date d'application. Un tarif existant (même prestation, date, tranche) est mis à jour.",
        )
    if type_ == TypeImport.FERMETURES:
        return _simple(
            type_,
            "Importer des fermetures",
            c.CHAMPS_FERMETURES,
            "FermetureResource",
            ("reservations.add_fermeture", "reservations.change_fermeture"),
            "Une fermeture par ligne (toutes les prestations de la structure sont fermées). "
            "Une fermeture existante (même structure, mêmes dates) est mise à jour.",
        )
    if type_ == TypeImport.QUOTIENTS:
        return _simple(
            type_,
            "Importer des quotients familiaux (liste CAF)",
            c.CHAMPS_QUOTIENTS,
            "QuotientResource",
            ("facturation.add_quotientfamilial", "facturation.change_quotientfamilial"),
            "La liste transmise par la CAF : chaque famille est reconnue par son numéro "
            "d'allocataire ou son identifiant ; le quotient s'applique à partir de la date indiquée.",
        )
    raise KeyError(type_)


def definitions() -> list[DefinitionImport]:
    return [definition(t) for t in TypeImport.values]


def permis(user, type_: str) -> bool:
    return user.is_active and user.has_perms(definition(type_).permissions)
