"""Search that forgives, the same on SQLite and PostgreSQL: « lefevre » finds Lefèvre,
« Gael Martin » finds Gaël Martin, « jean pierre » finds Jean-Pierre, « 0612345678 » finds
« 06 12 34 56 78 ». Each Foyer and Enfant keeps a `recherche` column: its names (and those of
the related family or children), e-mails and phones, normalised (no accents, lower case,
hyphens and apostrophes as spaces, phones also as bare digits). Kept up to date by signals
on every save (famille/dossiers/signals.py); the admin lists filter it word by word.

Limits: a typo is not forgiven (« lefebre » finds nothing); the column is rebuilt from
Python, so a bulk `.update()` of names must call `reindexer_foyers` itself."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Q, QuerySet

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_SEPARATEURS = re.compile(r"[^a-z0-9@._+]+")


def normaliser(texte: str) -> str:
    """« Gaël Lefèvre-Dupont » → « gael lefevre dupont »."""
    texte = unicodedata.normalize("NFKD", (texte or "").lower().translate(_LIGATURES))
    texte = "".join(c for c in texte if not unicodedata.combining(c))
    return " ".join(_SEPARATEURS.sub(" ", texte).split())


def _telephone(numero: str) -> str:
    chiffres = re.sub(r"\D", "", numero or "")
    return f"{normaliser(numero)} {chiffres}" if chiffres else ""


def _titulaire(compte) -> list[str]:
    return [compte.first_name, compte.last_name, compte.username, compte.emails, compte.email]


def texte_foyer(foyer) -> str:
    """Works on real and migration (historical) models alike: relations only."""
    morceaux = [foyer.numero, foyer.ville, *_titulaire(foyer.titulaire)]
    morceaux += [_telephone(foyer.telephone), _telephone(foyer.telephone_secours)]
    for responsable in foyer.responsables.all():
        morceaux += [responsable.prenom, responsable.nom, responsable.email]
        morceaux.append(_telephone(responsable.telephone))
    for garde in foyer.gardes.select_related("enfant"):
        morceaux += [garde.enfant.prenom, garde.enfant.nom]
    return normaliser(" ".join(m for m in morceaux if m))


def texte_enfant(enfant) -> str:
    morceaux = [enfant.prenom, enfant.nom]
    for garde in enfant.gardes.select_related("foyer__titulaire"):
        foyer = garde.foyer
        morceaux += [foyer.numero, *_titulaire(foyer.titulaire), _telephone(foyer.telephone)]
    return normaliser(" ".join(m for m in morceaux if m))


def reindexer_foyers(foyers) -> None:
    """Rebuild the column of these foyers and of their children (a plain UPDATE: no signal)."""
    from ..models import Enfant, Foyer

    ids = {f.pk for f in foyers}
    for foyer in Foyer.objects.filter(pk__in=ids).select_related("titulaire"):
        Foyer.objects.filter(pk=foyer.pk).update(recherche=texte_foyer(foyer))
    reindexer_enfants(Enfant.objects.filter(gardes__foyer__in=ids).distinct())


def reindexer_enfants(enfants) -> None:
    from ..models import Enfant

    for enfant in enfants:
        Enfant.objects.filter(pk=enfant.pk).update(recherche=texte_enfant(enfant))


def filtrer(queryset: QuerySet, recherche: str) -> QuerySet:
    """Every word of the query in the column (in any order); digits typed with spaces also
    match the bare phone number."""
    mots = normaliser(recherche).split()
    if not mots:
        return queryset
    condition = Q()
    for mot in mots:
        condition &= Q(recherche__contains=mot)
    chiffres = re.sub(r"[^0-9]", "", recherche)
    if len(chiffres) >= 6 and re.fullmatch(r"[0-9\s.+-]+", recherche.strip()):
        condition |= Q(recherche__contains=chiffres)
    return queryset.filter(condition)
