"""Schools' classes: created in bulk, and rolled over at the new school year in one action
(PS → MS → GS → CP → CE1 → CE2 → CM1 → CM2; CM2 children leave for the collège).

The roll-over is keyed by the new school year (PassageAnnee, unique): run twice, it changes
nothing the second time. Limits: a class whose name is not one level (« CE1-CE2 », « ULIS »)
is re-formed by staff each year, so its children are left as they are and counted; a child
whose next level is taught in another school (GS of a maternelle) leaves its school and class
— the new year's registration import gives them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Classe, Ecole, Enfant, PassageAnnee

NIVEAUX = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2"]
MATERNELLE = {"PS", "MS", "GS"}


class ErreurClasses(Exception):
    """A refusal worded in French for staff."""


def niveau(nom: str) -> str | None:
    """« CE 1 », « ce1 », « CE1 » → « CE1 »; None for a class that is not one level."""
    compact = re.sub(r"[\s.\-_]+", "", nom).upper()
    return compact if compact in NIVEAUX else None


def creer_classes(ecole: Ecole, noms: Iterable[str]) -> list[Classe]:
    """Create the classes of `ecole` named in `noms` that it does not have yet (compared
    without case or spaces: « cp » is « CP »). Returns the classes created."""
    existantes = {_cle(c.nom) for c in ecole.classes.all()}
    nouvelles = []
    for nom in noms:
        nom = " ".join(str(nom).split())
        if not nom:
            continue
        if len(nom) > Classe._meta.get_field("nom").max_length:
            raise ErreurClasses(f"« {nom[:60]}… » est trop long pour un nom de classe.")
        if _cle(nom) in existantes:
            continue
        existantes.add(_cle(nom))
        nouvelles.append(Classe(ecole=ecole, nom=nom))
    return Classe.objects.bulk_create(nouvelles)


def _cle(nom: str) -> str:
    return re.sub(r"\s+", "", nom).lower()


def annee_suivante(jour=None) -> str:
    """The school year a roll-over prepares: the one starting in September of this calendar
    year (the roll-over is done in summer, before the rentrée)."""
    jour = jour or timezone.localdate()
    return f"{jour.year}-{jour.year + 1}"


@dataclass(frozen=True)
class Bilan:
    passage: PassageAnnee
    fait: bool  # False: this year's roll-over had already been done, nothing changed


def passer_annee_superieure(annee_scolaire: str, auteur=None) -> Bilan:
    """Move every child with a class to the next level, once per school year."""
    annees = re.fullmatch(r"([0-9]{4})-([0-9]{4})", annee_scolaire)
    if not annees or int(annees[2]) != int(annees[1]) + 1:
        raise ErreurClasses("Indiquez l'année scolaire sous la forme 2027-2028.")
    with transaction.atomic():
        try:
            with transaction.atomic():  # the unique year is the lock: a second run stops here
                passage = PassageAnnee.objects.create(annee_scolaire=annee_scolaire, auteur=auteur)
        except IntegrityError:
            return Bilan(PassageAnnee.objects.get(annee_scolaire=annee_scolaire), fait=False)
        _passer(passage)
        passage.save()
    return Bilan(passage, fait=True)


def _passer(passage: PassageAnnee) -> None:
    classes = list(Classe.objects.select_related("ecole"))
    # Children per class read before any move: a CP child moved to CE1 must not move on to CE2.
    enfants: dict[int, list[int]] = {}
    for enfant_id, classe_id in Enfant.objects.filter(classe__isnull=False).values_list(
        "pk", "classe_id"
    ):
        enfants.setdefault(classe_id, []).append(enfant_id)
    for classe in classes:
        ids = enfants.get(classe.pk, [])
        if not ids:
            continue
        actuel = niveau(classe.nom)
        if actuel is None:
            passage.enfants_inchanges += len(ids)
            continue
        cible = _classe_suivante(classe.ecole, actuel)
        if cible is None:
            Enfant.objects.filter(pk__in=ids).update(ecole=None, classe=None)
            passage.enfants_sortis += len(ids)
        else:
            Enfant.objects.filter(pk__in=ids).update(ecole=cible.ecole, classe=cible)
            passage.enfants_passes += len(ids)


def _classe_suivante(ecole: Ecole, actuel: str) -> Classe | None:
    """The next level's class in the same school, created when the school teaches that cycle
    (it has a class of it); None when the child leaves the school."""
    if actuel == NIVEAUX[-1]:
        return None
    suivant = NIVEAUX[NIVEAUX.index(actuel) + 1]
    niveaux = {niveau(c.nom): c for c in ecole.classes.all()}
    if suivant in niveaux:
        return niveaux[suivant]
    cycle = MATERNELLE if suivant in MATERNELLE else set(NIVEAUX) - MATERNELLE
    if cycle & set(niveaux):
        (classe,) = creer_classes(ecole, [suivant])
        return classe
    return None
