"""Pricing one event: the tariff of its prestation valid on the day for the foyer's residency
and QF bracket (unknown QF: highest bracket), the sibling reduction from the second child, the
structure's modifiers (absences, unplanned presence, late staff booking). Everything a day
needs is read once (`Contexte`), so that pricing a line costs no query."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.utils.formats import date_format

from famille.reservations.models import Prestation

from ..models import LigneCompte, ParametresFacturation, QuotientFamilial, ReglesFacturation, Tarif
from ..models.tarifs import arrondi
from . import sources
from .sources import Evenement

CENT_POURCENT = Decimal("100")
ESPACE_FINE = "\u202f"
INSECABLE = "\u00a0"


def euros(montant: Decimal) -> str:
    """« 3,45 € » (French decimal comma, narrow no-break space before the sign)."""
    signe = "-" if montant < 0 else ""
    entier, _, centimes = f"{abs(montant):.2f}".partition(".")
    groupes = []
    while len(entier) > 3:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    groupes.insert(0, entier)
    return f"{signe}{ESPACE_FINE.join(groupes)},{centimes}{INSECABLE}€"


@dataclass(frozen=True, slots=True)
class Quotient:
    valeur: Decimal
    source: str
    debut: datetime.date


@dataclass(slots=True)
class LigneCalculee:
    """What a line should be; compared with what the ledger holds before writing anything."""

    evenement: Evenement
    structure_id: int
    nature: str
    montant: Decimal
    prix_unitaire: Decimal
    categorie: str
    tarif_id: int
    qf: Decimal | None
    tranche: str
    modificateur: str
    libelle: str
    explication: str

    @property
    def cle(self) -> tuple[str, int, str]:
        return (self.evenement.source_type, self.evenement.source_id, self.nature)

    def empreinte(self) -> tuple:
        return (self.montant, self.categorie, self.tarif_id, self.evenement.etat, self.modificateur)

    def ligne(self, version: int, agent_id: int | None = None, brute: bool = False):
        """The ledger line; `brute`: a plain object with the same attributes, for the COPY
        path of big days (a model instance costs more to build than the whole write)."""
        e = self.evenement
        return (LigneBrute if brute else LigneCompte)(
            foyer_id=e.foyer_id,
            structure_id=self.structure_id,
            type=LigneCompte.Type.CONSOMMATION,
            jour=e.jour,
            libelle=self.libelle,
            montant=self.montant,
            categorie=self.categorie,
            enfant_id=e.enfant_id,
            prestation_id=e.prestation_id,
            quantite=Decimal("1"),
            prix_unitaire=self.prix_unitaire,
            tarif_id=self.tarif_id,
            qf=self.qf,
            tranche=self.tranche,
            etat=e.etat,
            modificateur=self.modificateur,
            explication=self.explication,
            nature=self.nature,
            source_type=e.source_type,
            source_id=e.source_id,
            version=version,
            cree_par_id=agent_id,
        )


class LigneBrute(SimpleNamespace):
    """A ledger line to be copied as is: the attributes of LigneCompte and their defaults."""

    def __init__(self, **valeurs):
        super().__init__(id=None, annule_id=None, cree_le=None, **valeurs)


class Contexte:
    """Prestations, rules, tariffs and settings valid on one day (a few small queries)."""

    def __init__(self, jour: datetime.date):
        self.jour = jour
        self.jour_texte = date_format(jour, "l j F Y")
        self.prestations = {p.pk: p for p in Prestation.objects.all()}
        regles = {r.prestation_id: r for r in ReglesFacturation.objects.all()}
        self.regles = {
            pk: regles.get(pk) or ReglesFacturation.par_defaut(p)
            for pk, p in self.prestations.items()
        }
        self.tarifs: dict[tuple[int, bool], list[Tarif]] = defaultdict(list)
        valides = Tarif.objects.filter(debut__lte=jour).exclude(fin__lt=jour).order_by("qf_min")
        # Texts read per line, computed once per day (a property costs per call).
        self.tranches: dict[int, str] = {}
        self._qf_textes: dict[Quotient | None, str] = {}
        for tarif in valides:
            self.tarifs[(tarif.prestation_id, tarif.hors_commune)].append(tarif)
            self.tranches[tarif.pk] = tarif.tranche
        structures = {p.structure_id for p in self.prestations.values()}
        self.parametres = {s: ParametresFacturation.de(s) for s in structures}

    def quotients(self, apres: int = 0, jusqua: int | None = None) -> dict[int, Quotient]:
        """The QF valid on the day of each foyer of the range (the latest begun)."""
        qfs = QuotientFamilial.objects.filter(debut__lte=self.jour, foyer_id__gt=apres)
        if jusqua is not None:
            qfs = qfs.filter(foyer_id__lte=jusqua)
        resultat: dict[int, Quotient] = {}
        for foyer_id, valeur, source, debut in qfs.order_by("foyer_id", "-debut").values_list(
            "foyer_id", "valeur", "source", "debut"
        ):
            resultat.setdefault(foyer_id, Quotient(valeur, source, debut))
        return resultat

    def qf_texte(self, qf: Quotient | None) -> str:
        """How the line's QF is explained (memoised: many lines share a QF)."""
        texte = self._qf_textes.get(qf)
        if texte is None:
            texte = (
                f"QF du foyer {euros(qf.valeur)} ({qf.source}, depuis le {qf.debut:%d/%m/%Y})"
                if qf
                else "QF inconnu : tranche la plus haute"
            )
            self._qf_textes[qf] = texte
        return texte

    def tarif(self, prestation_id: int, reside: bool, qf: Quotient | None) -> Tarif | None:
        candidats = self.tarifs.get((prestation_id, not reside))
        if not candidats:
            return None
        if qf is None:
            return candidats[-1]  # unknown QF: the highest bracket
        retenu = candidats[0]
        for tarif in candidats:
            if tarif.qf_min <= qf.valeur:
                retenu = tarif
        return retenu


def rangs(evenements: list[Evenement]) -> dict[int, int]:
    """Rank (1 = eldest) of each billed event's child among the foyer's children booked on the
    same prestation that day, by source id."""
    groupes: dict[tuple[int, int], list[Evenement]] = defaultdict(list)
    for e in evenements:
        if e.etat != sources.ANNULE:
            groupes[(e.foyer_id, e.prestation_id)].append(e)
    resultat = {}
    for groupe in groupes.values():
        groupe.sort(key=lambda e: (e.enfant_naissance, e.enfant_id))
        for rang, e in enumerate(groupe, start=1):
            resultat[e.source_id] = rang
    return resultat


def _pourcentage(etat: str, parametres: ParametresFacturation) -> tuple[Decimal, str]:
    if etat == sources.ABSENT_JUSTIFIE:
        p = parametres.absence_justifiee
        return p, f"absence justifiée facturée à {p.normalize():f} %"
    if etat == sources.ABSENT_NON_JUSTIFIE:
        p = parametres.absence_non_justifiee
        return p, f"absence non justifiée (ou annulation hors délai) facturée à {p.normalize():f} %"
    return CENT_POURCENT, ""


def tarifer(
    e: Evenement, rang: int, qf: Quotient | None, contexte: Contexte
) -> list[LigneCalculee] | None:
    """The lines this event costs ([] when nothing is billed); None when no tariff applies."""
    if e.etat == sources.ANNULE:
        return []
    prestation = contexte.prestations[e.prestation_id]
    tarif = contexte.tarif(e.prestation_id, e.reside_commune, qf)
    if tarif is None:
        return None
    parametres = contexte.parametres[prestation.structure_id]
    regles = contexte.regles[e.prestation_id]
    tranche = contexte.tranches[tarif.pk]
    prix = tarif.prix_pour_rang(rang)
    pourcentage, modificateur = _pourcentage(e.etat, parametres)
    montant = arrondi(prix * pourcentage / CENT_POURCENT)
    origine = (
        f"Réservation n° {e.source_id}"
        if e.source_type == sources.SOURCE_RESERVATION
        else f"Pointage n° {e.source_id}"
    )
    qf_texte = contexte.qf_texte(qf)
    details = [
        f"{origine}, {contexte.jour_texte} : {sources.LIBELLES_ETAT[e.etat]}.",
        f"Tarif {prestation.nom} {'hors commune' if tarif.hors_commune else 'résident'}, "
        f"{tranche} ; {qf_texte}.",
    ]
    if prix != tarif.prix:
        details.append(
            f"Enfant n° {rang} du foyer ce jour : réduction de "
            f"{tarif.reduction_fratrie.normalize():f} % sur {euros(tarif.prix)}."
        )
    if modificateur:
        details.append(f"Modificateur : {modificateur}.")
    libelle = f"{prestation.nom} — {e.enfant_prenom}"
    lignes = []
    if montant:
        lignes.append(
            LigneCalculee(
                evenement=e,
                structure_id=prestation.structure_id,
                nature=LigneCompte.Nature.PRESTATION,
                montant=-montant,
                prix_unitaire=prix,
                categorie=regles.categorie,
                tarif_id=tarif.pk,
                qf=qf.valeur if qf else None,
                tranche=tranche,
                modificateur=modificateur,
                libelle=libelle,
                explication=" ".join(details),
            )
        )
    majoration = None
    if e.etat == sources.PRESENT_NON_PREVU:
        majoration = (
            parametres.majoration(parametres.non_prevu_type, parametres.non_prevu_valeur, prix),
            "majoration présent non prévu (enfant présent sans réservation)",
        )
    elif e.hors_delai and e.etat == sources.RESERVE_PRESENT:
        majoration = (
            parametres.majoration(parametres.tardive_type, parametres.tardive_valeur, prix),
            "majoration réservation tardive (réservée par le service après le délai)",
        )
    if majoration and majoration[0]:
        valeur, pourquoi = majoration
        lignes.append(
            LigneCalculee(
                evenement=e,
                structure_id=prestation.structure_id,
                nature=LigneCompte.Nature.MAJORATION,
                montant=-valeur,
                prix_unitaire=valeur,
                categorie=LigneCompte.Categorie.PENALITE,
                tarif_id=tarif.pk,
                qf=qf.valeur if qf else None,
                tranche=tranche,
                modificateur=pourquoi,
                libelle=f"Majoration {prestation.nom} — {e.enfant_prenom}",
                explication=" ".join([details[0], f"{pourquoi.capitalize()} : {euros(valeur)}."]),
            )
        )
    return lignes
