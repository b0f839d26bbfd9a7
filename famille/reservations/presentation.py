"""What the templates show of a Grille (built by services.grille): per child, per week, per
day, one case per service with its state worded in French. Pure data shaping, no query: the
grid already holds the children, services and cases."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import get_language

from .services.regles import date_longue, moment

# The state of a case, as a parent reads it. The symbol is there because colour is never the
# only sign (RGAA): it is shown beside the words, hidden from screen readers.
LIBELLES = {
    "RESERVEE": ("Réservé", "✓"),
    "RESERVABLE": ("Libre", "○"),
    "FERMEE": ("Fermé", "✕"),
    "DELAI_DEPASSE": ("Délai dépassé", "⌛"),
    "COMPLETE": ("Complet : liste d'attente possible", "!"),
    "ATTENTE": ("Liste d'attente", "…"),
    "PROPOSEE": ("Place proposée : à accepter", "★"),
    "AUTRE_PARENT": ("Garde de l'autre parent", "⇄"),
    "NON_ADMIS": ("Non inscrit à ce service", "–"),
    "NON_OUVERTE": ("Réservations pas encore ouvertes", "⌛"),
    "NON_ELIGIBLE": ("Dossier à compléter", "!"),
    "INCOMPATIBLE": ("Déjà inscrit à la journée ou à la demi-journée", "⇆"),
}
# States whose reason is not repeated beside the words: the words say it.
SANS_MOTIF = {"ATTENTE", "PROPOSEE", "COMPLETE", "RESERVABLE"}
# A case the family holds: ticked in the form; unticking it cancels (or leaves the list).
TENUES = {"RESERVEE", "ATTENTE", "PROPOSEE"}


@functools.lru_cache(maxsize=64, typed=True)
def cle_etat(etat) -> str:
    """« RESERVEE » from regles.Etat.RESERVEE or "reservee" (kept: a few per page, hundreds of
    calls)."""
    return str(getattr(etat, "name", etat)).upper()


@functools.lru_cache(maxsize=2048)
def _date(jour: datetime.date, format_: str, langue: str | None) -> str:
    return date_format(jour, format_)


def date_memorisee(jour: datetime.date, format_: str = "l j F Y", langue=None) -> str:
    """date_format, kept per (day, format, language): a page of the calendar names the same
    days for every child and every family, and formatting one costs some 0.1 ms. `langue`:
    get_language(), when the caller already has it (it costs some microseconds too)."""
    return _date(jour, format_, langue or get_language())


def valeur_case(enfant_id: int, prestation_id: int, jour: datetime.date) -> str:
    return f"{enfant_id}.{prestation_id}.{jour.isoformat()}"


@dataclass
class CaseVue:
    prestation: object
    jour: datetime.date
    etat: str
    libelle: str
    symbole: str
    motif: str
    rang: int | None
    modifiable: bool
    valeur: str
    identifiant: str
    tenue: bool
    reservation_id: int | None = None
    expire_le: datetime.datetime | None = None


@dataclass
class JourVue:
    jour: datetime.date
    libelle: str
    cases: list[CaseVue] = field(default_factory=list)


@dataclass
class SemaineVue:
    lundi: datetime.date
    numero: int
    jours: list[JourVue] = field(default_factory=list)
    du: str = ""  # « 6 septembre », the Monday of the summary
    ouverte: bool = False  # shown unfolded: the first week with something to change

    @property
    def modifiable(self) -> bool:
        return any(c.modifiable for j in self.jours for c in j.cases)

    @property
    def paire(self) -> bool:
        return self.numero % 2 == 0


@dataclass
class EnfantVue:
    enfant: object
    semaines: list[SemaineVue] = field(default_factory=list)

    @property
    def nombre_reserves(self) -> int:
        return sum(
            1 for s in self.semaines for j in s.jours for c in j.cases if c.etat == "RESERVEE"
        )


def case_vue(
    enfant_id: int, prestation, jour: datetime.date, case, iso: str | None = None
) -> CaseVue:
    """`iso`: jour.isoformat(), when the caller has it for all the children."""
    etat = cle_etat(case.etat)
    libelle, symbole = LIBELLES.get(etat, (etat.capitalize(), "·"))
    rang = getattr(case, "rang", None)
    if etat == "ATTENTE" and rang:
        libelle = f"Liste d'attente : rang {rang}"
    motif = getattr(case, "motif", "") or ""
    if etat in SANS_MOTIF or (etat == "AUTRE_PARENT" and len(motif) > 40):
        # The words already say it (the rank, the offer has its own box), or the reason is a
        # sentence too long to repeat on every service of every day.
        motif = ""
    valeur = f"{enfant_id}.{prestation.pk}.{iso or jour.isoformat()}"  # valeur_case
    return CaseVue(
        prestation=prestation,
        jour=jour,
        etat=etat,
        libelle=libelle,
        symbole=symbole,
        motif=motif,
        rang=rang,
        modifiable=bool(getattr(case, "modifiable", False)),
        valeur=valeur,
        identifiant="c-" + valeur.replace(".", "-"),
        tenue=etat in TENUES,
        reservation_id=getattr(case, "reservation_id", None),
        expire_le=getattr(case, "expire_le", None),
    )


def lignes(grille) -> list[EnfantVue]:
    """The grid per child, per ISO week, per day; days with no service open are left out."""
    prestations = list(grille.prestations)
    langue = get_language()
    # What names a day is the same for every child: worked out once per day.
    jours = []
    for jour in grille.jours:
        annee, numero, jour_semaine = jour.isocalendar()
        lundi = jour - datetime.timedelta(days=jour_semaine - 1)
        jours.append(
            (jour, jour.isoformat(), (annee, numero), lundi, date_memorisee(jour, langue=langue))
        )
    vues = []
    for ligne in grille.lignes:
        enfant_id = ligne.enfant.pk
        par_case = ligne.cases
        semaines: dict[tuple[int, int], SemaineVue] = {}
        for jour, iso, cle_semaine, lundi, libelle in jours:
            cases = [
                case_vue(enfant_id, p, jour, par_case[jour, p.pk], iso)
                for p in prestations
                if (jour, p.pk) in par_case
            ]
            if not cases:
                continue
            semaine = semaines.get(cle_semaine)
            if semaine is None:
                semaine = semaines[cle_semaine] = SemaineVue(
                    lundi=lundi, numero=cle_semaine[1], du=date_memorisee(lundi, "j F", langue)
                )
            semaine.jours.append(JourVue(jour=jour, libelle=libelle, cases=cases))
        liste = list(semaines.values())
        a_ouvrir = next((s for s in liste if s.modifiable), liste[0] if liste else None)
        if a_ouvrir is not None:
            a_ouvrir.ouverte = True
        vues.append(EnfantVue(enfant=ligne.enfant, semaines=liste))
    return vues


def tenues(grille, *, modifiables: bool = False) -> set[str]:
    """The values of the cases the family holds (booked, waiting, offered); with
    `modifiables`, only those it may still cancel."""
    return {
        valeur_case(ligne.enfant.pk, prestation_id, jour)
        for ligne in grille.lignes
        for (jour, prestation_id), case in ligne.cases.items()
        if cle_etat(case.etat) in TENUES and (case.modifiable or not modifiables)
    }


def legende() -> list[tuple[str, str, str]]:
    return [(cle, libelle, symbole) for cle, (libelle, symbole) in LIBELLES.items()]


@dataclass
class PlaceProposee:
    enfant: object
    prestation: object
    jour: datetime.date
    reservation_id: int | None
    limite: str  # « samedi 5 décembre 2026 à 8 h », or empty


def proposees(vues: list[EnfantVue]) -> list[PlaceProposee]:
    """The waiting-list places offered to the family, to accept above the calendar."""
    return [
        PlaceProposee(
            ligne.enfant,
            case.prestation,
            case.jour,
            case.reservation_id,
            moment(case.expire_le) if case.expire_le else "",
        )
        for ligne in vues
        for semaine in ligne.semaines
        for jour in semaine.jours
        for case in jour.cases
        if case.etat == "PROPOSEE" and case.reservation_id
    ]


def _liste(mots: list[str]) -> str:
    """« a, b et c »."""
    return mots[0] if len(mots) == 1 else ", ".join(mots[:-1]) + " et " + mots[-1]


def phrase_periode(periode, prestations, ouverture: datetime.datetime) -> str:
    """The memo's sentence for a period, from its data: « Vous réservez la restauration
    scolaire, … pour la période du jeudi 2 septembre au vendredi 22 octobre 2021 à partir du
    lundi 23 août 2021 à 8 h (au plus tard 3 jours avant, à 23 h 59) ». `ouverture` is this
    family's (earlier for residents). Each service's own booking deadline is named when
    they differ."""
    from .services import delais

    prestations = list(prestations)
    if not prestations:
        return ""
    noms = [p.nom[0].lower() + p.nom[1:] for p in prestations]
    regles: dict[str, list[str]] = {}
    for prestation, nom in zip(prestations, noms, strict=True):
        regles.setdefault(str(delais.regle_de(prestation, "reservation")), []).append(nom)
    if len(regles) == 1:
        delai = f"au plus tard {next(iter(regles))} chaque jour"
    else:
        delai = "au plus tard " + " ; ".join(
            f"{_liste(services)} : {regle}" for regle, services in regles.items()
        )
    return (
        f"Vous réservez {_liste(noms)} pour la période du {date_longue(periode.debut)} au "
        f"{date_longue(periode.fin)} à partir du {moment(ouverture)} ({delai})."
    )
