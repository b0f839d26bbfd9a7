"""A re-import that corrects a spelling: finding the child or legal guardian the row means
although its name changed, and telling staff what changes, old → new.

A name is « the same person, corrected » when exactly one unmatched record of the same family
(and, for a child, the same birth date) has a name close to it (difflib ratio ≥ 0.85 on the
normalised « nom prénom »): « Lefebvre Hélène » → « Lefèvre Hélène », not « Minh Nguyen » →
« Paul Nguyen », who is a new guardian. When two are close, none is taken: a new record is
created rather than the wrong one renamed."""

from __future__ import annotations

from collections.abc import Callable
from difflib import SequenceMatcher

PROCHE = 0.85


def retrouver(
    cle: tuple,
    existants: dict[tuple, object],
    pris: set[int],
    compatible: Callable[[tuple], bool] = lambda _cle: True,
):
    """The record of `cle`, else the only unclaimed record whose name is close; None if none
    or several. `cle` starts with (nom, prénom) normalised."""
    exact = existants.get(cle)
    if exact is not None:
        return exact
    nom = " ".join(str(x) for x in cle[:2])
    proches = [
        objet
        for autre, objet in existants.items()
        if objet.pk not in pris
        and compatible(autre)
        and SequenceMatcher(None, nom, " ".join(str(x) for x in autre[:2])).ratio() >= PROCHE
    ]
    return proches[0] if len(proches) == 1 else None


def _affiche(valeur) -> str:
    if valeur in (None, ""):
        return "—"
    return str(getattr(valeur, "nom", valeur))


def avant_apres(libelle: str, ancien, nouveau) -> str:
    """« prénom « Zoe » → « Zoé » »: what staff check before confirming."""
    return f"{libelle} « {_affiche(ancien)} » → « {_affiche(nouveau)} »"


def differences(objet, valeurs: dict, champs) -> dict:
    """{field: new value} for the `champs` whose non-empty new value differs from `objet`'s."""
    return {
        champ: valeurs[champ]
        for champ in champs
        if valeurs.get(champ) not in (None, "") and valeurs[champ] != getattr(objet, champ)
    }


def decrire(modele, objet, changements: dict) -> str:
    return ", ".join(
        avant_apres(str(modele._meta.get_field(champ).verbose_name), getattr(objet, champ), v)
        for champ, v in changements.items()
    )
