"""The consumption job: one past day's events (services/sources.py) become priced ledger lines.

Idempotent and restartable. The day is processed in ranges of foyers, one transaction each:
lock the range's balances, read the lines already there, then write only the differences —
a missing line is added; a line whose price or state changed is reversed (a credit pointing at
it) and replaced by a new version; a line whose source is no longer billed is reversed. A crash
loses at most the range in progress (rolled back); a rerun skips what is already right. A
unique key per (source, day, nature, version) on live lines is the last guard."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..models import JourneeFacturee, LigneCompte
from . import ErreurFacturation, grand_livre, sources, tarification
from .grand_livre import annulation, ecrire_lignes, verrouiller_soldes

journal = logging.getLogger(__name__)

TAILLE_LOT = 5000
# What the comparison and a reversal read of a line already written.
CHAMPS_LUS = (
    "pk",
    "foyer_id",
    "structure_id",
    "jour",
    "libelle",
    "montant",
    "categorie",
    "enfant_id",
    "prestation_id",
    "quantite",
    "prix_unitaire",
    "tarif_id",
    "qf",
    "tranche",
    "etat",
    "modificateur",
    "nature",
    "source_type",
    "source_id",
    "version",
)
_SOURCE_TYPE, _SOURCE_ID, _NATURE, _VERSION = (
    CHAMPS_LUS.index(c) for c in ("source_type", "source_id", "nature", "version")
)
# In the order of LigneCalculee.empreinte().
_EMPREINTE = tuple(
    CHAMPS_LUS.index(c) for c in ("montant", "categorie", "tarif_id", "etat", "modificateur")
)


@dataclass
class Bilan:
    jour: datetime.date
    ajoutees: int = 0
    annulees: int = 0
    inchangees: int = 0
    sans_tarif: int = 0
    lots: int = 0


def apres_lot(bilan: Bilan) -> None:
    """Called after each committed range (tests interrupt the job here)."""


def facturer_jour(jour: datetime.date, taille: int = TAILLE_LOT, agent_id=None) -> Bilan:
    if not sources.jour_clos(jour):
        raise ErreurFacturation(
            f"La journée du {jour:%d/%m/%Y} n'est pas close : elle se facture le lendemain."
        )
    contexte = tarification.Contexte(jour)
    bilan = Bilan(jour)
    journee, _ = JourneeFacturee.objects.get_or_create(jour=jour)
    dernier = 0
    for apres, jusqua in sources.tranches(jour, taille):
        _lot(contexte, bilan, apres, jusqua, agent_id)
        dernier = jusqua
        bilan.lots += 1
        apres_lot(bilan)
    # Lines of foyers beyond the last range (their sources vanished) are reversed too.
    _lot(contexte, bilan, dernier, None, agent_id)
    journee.termine_le = timezone.now()
    journee.lignes = LigneCompte.objects.filter(
        jour=jour, type=LigneCompte.Type.CONSOMMATION
    ).count()
    journee.sans_tarif = bilan.sans_tarif
    journee.save(update_fields=["termine_le", "lignes", "sans_tarif"])
    if bilan.sans_tarif:
        journal.warning("%s : %s jours sans tarif applicable", jour, bilan.sans_tarif)
    return bilan


def _lot(contexte, bilan: Bilan, apres: int, jusqua: int | None, agent_id) -> None:
    jour = contexte.jour
    evenements = sources.evenements(jour, apres, jusqua) if jusqua is not None else []
    with transaction.atomic():
        qfs = contexte.quotients(apres, jusqua) if evenements else {}
        rangs = tarification.rangs(evenements)
        voulues: dict[tuple, tarification.LigneCalculee] = {}
        for e in evenements:
            calculees = tarification.tarifer(
                e, rangs.get(e.source_id, 1), qfs.get(e.foyer_id), contexte
            )
            if calculees is None:
                bilan.sans_tarif += 1
                continue
            for calculee in calculees:
                voulues[calculee.cle] = calculee
        comptes = {(c.evenement.foyer_id, c.structure_id) for c in voulues.values()}
        existantes = LigneCompte.objects.filter(
            jour=jour, type=LigneCompte.Type.CONSOMMATION, source_id__isnull=False
        )
        existantes = existantes.filter(foyer_id__gt=apres)
        if jusqua is not None:
            existantes = existantes.filter(foyer_id__lte=jusqua)
        comptes |= set(existantes.values_list("foyer_id", "structure_id").distinct())
        soldes = verrouiller_soldes(comptes)
        # Read after the lock: a concurrent run of the same range has committed by now.
        versions: dict[tuple, int] = {}
        actives: dict[tuple, tuple] = {}
        # Tuples, not model instances: on a rerun every line of the day is read back, and
        # building 140,000 instances cost more than the whole comparison.
        for valeurs in existantes.annotate(
            est_annulee=Exists(LigneCompte.objects.filter(annule=OuterRef("pk")))
        ).values_list(*CHAMPS_LUS, "est_annulee"):
            cle = (valeurs[_SOURCE_TYPE], valeurs[_SOURCE_ID], valeurs[_NATURE])
            versions[cle] = max(versions.get(cle, 0), valeurs[_VERSION])
            if not valeurs[-1]:
                actives[cle] = valeurs
        a_ecrire: list[LigneCompte] = []
        for cle, valeurs in actives.items():
            calculee = voulues.get(cle)
            if calculee is not None and calculee.empreinte() == tuple(
                valeurs[i] for i in _EMPREINTE
            ):
                bilan.inchangees += 1
                del voulues[cle]
                continue
            ligne = SimpleNamespace(**dict(zip(CHAMPS_LUS, valeurs, strict=False)))
            a_ecrire.append(annulation(ligne, agent_id=agent_id))
            bilan.annulees += 1
        brute = grand_livre.par_copie(len(voulues))
        for cle, calculee in voulues.items():
            a_ecrire.append(calculee.ligne(versions.get(cle, 0) + 1, agent_id, brute))
            bilan.ajoutees += 1
        ecrire_lignes(a_ecrire, soldes)
