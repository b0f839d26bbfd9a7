"""May this account book for this child on that day? The one booking-eligibility rule (issue
9.9b), asked by the bookings for every day they show or change. It combines:

- the child is linked to the account's foyer (a Garde);
- the custody rule of that link covers the day (separated parents book their own days);
- the foyer's dossier for the school year of that day is validated by the Education service
  (no campaign for that year: nothing is required).

Reading never writes (no dossier row is created to answer). `verdicts` answers for many
children and days in a fixed number of queries (two, three when a custody follows periods),
for the booking calendar; both written in SQL (table and column names from the models)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.formats import date_format

from ..models import Campagne, DossierAnnuel, Enfant, Garde, PeriodeGarde
from .campagne import campagne_du_jour
from .comptes_famille import garde_couvre


class Cause:
    """Why a verdict is negative, for screens that show each case its own way."""

    ENFANT = "enfant"  # not a child of this account
    GARDE = "garde"  # the other parent's custody day
    DOSSIER = "dossier"  # the dossier of that school year is not validated


@dataclass
class Verdict:
    ok: bool
    raisons: list[str] = field(default_factory=list)  # French sentences
    cause: str = ""

    def __bool__(self) -> bool:
        return self.ok


OUI = Verdict(ok=True)


def _foyer(compte):
    return getattr(compte, "foyer", None) if compte is not None else None


def verdicts(
    compte, enfants: Iterable[Enfant | int], jours: Iterable[datetime.date]
) -> dict[tuple[int, datetime.date], Verdict]:
    """The verdict for each (child id, day), in at most three queries whatever their number."""
    ids = [e if isinstance(e, int) else e.pk for e in enfants]
    jours = list(jours)
    foyer = _foyer(compte)
    if foyer is None:
        refus = Verdict(
            ok=False, raisons=["Ce compte n'a pas de compte famille."], cause=Cause.ENFANT
        )
        return {(i, j): refus for i in ids for j in jours}
    gardes, prenoms = _gardes(foyer.pk, ids)
    # The custody periods only when a link follows them (rare: most are « toujours »).
    par_periodes = [g for g in gardes.values() if g.regle == Garde.Regle.PERIODES]
    if par_periodes:
        prefetch_related_objects(
            par_periodes,
            Prefetch("periodes", queryset=PeriodeGarde.objects.order_by("debut")),
        )
    campagnes = _campagnes(foyer.pk)
    resultat: dict[tuple[int, datetime.date], Verdict] = {}
    par_campagne: dict[int | None, Verdict] = {}
    for jour in jours:
        campagne = campagne_du_jour(campagnes, jour)
        cle = campagne.pk if campagne else None
        if cle not in par_campagne:
            par_campagne[cle] = _verdict_dossier(campagne)
        verdict_dossier = par_campagne[cle]
        for enfant_id in ids:
            garde = gardes.get(enfant_id)
            if garde is None:
                resultat[enfant_id, jour] = Verdict(
                    ok=False,
                    raisons=["Cet enfant n'est pas rattaché à votre compte famille."],
                    cause=Cause.ENFANT,
                )
            elif not garde_couvre(garde, jour):
                resultat[enfant_id, jour] = Verdict(
                    ok=False,
                    raisons=[
                        f"Le {date_format(jour, 'l j F')}, {prenoms[enfant_id]} est en garde "
                        "chez son autre parent : c'est à lui de réserver ce jour."
                    ],
                    cause=Cause.GARDE,
                )
            else:
                resultat[enfant_id, jour] = verdict_dossier
    return resultat


def _gardes(foyer_id: int, ids: list[int]) -> tuple[dict[int, Garde], dict[int, str]]:
    """The foyer's links to these children (child id -> Garde with its rule) and the
    children's first names, in one query written in SQL: built by the ORM (with the whole
    child row) it cost more CPU than the database took to answer, on every calendar."""
    if not ids:
        return {}, {}
    q = connection.ops.quote_name
    garde, enfant = Garde._meta, Enfant._meta
    colonnes = _dans_l_ordre(garde, ("id", "foyer", "enfant", "regle", "jours"))
    g_enfant, g_foyer = q(garde.get_field("enfant").column), q(garde.get_field("foyer").column)
    sql = (
        f"SELECT {', '.join(f'g.{q(c.column)}' for c in colonnes)}, "  # noqa: S608
        f"e.{q(enfant.get_field('prenom').column)} FROM {q(garde.db_table)} g "
        f"JOIN {q(enfant.db_table)} e ON e.{q(enfant.pk.column)} = g.{g_enfant} "
        f"WHERE g.{g_foyer} = %s AND g.{g_enfant} IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [foyer_id, *ids])
        rangs = cursor.fetchall()
    noms = [c.attname for c in colonnes]
    gardes, prenoms = {}, {}
    for *valeurs, prenom in rangs:
        lien = Garde.from_db(connection.alias, noms, valeurs)
        gardes[lien.enfant_id] = lien
        prenoms[lien.enfant_id] = prenom
    return gardes, prenoms


def _campagnes(foyer_id: int) -> list[Campagne]:
    """Every campaign (latest first) with `statut_dossier`, the status of this foyer's
    dossier for it (None: no dossier), in one query written in SQL (the ORM's annotated
    subquery took longer to build than to run)."""
    q = connection.ops.quote_name
    campagne, dossier = Campagne._meta, DossierAnnuel._meta
    colonnes = _dans_l_ordre(campagne, ("id", "annee_scolaire", "rentree", "fin_annee", "cloture"))
    sql = (
        f"SELECT {', '.join(f'c.{q(c.column)}' for c in colonnes)}, "  # noqa: S608
        f"(SELECT d.{q(dossier.get_field('statut').column)} FROM {q(dossier.db_table)} d "
        f"WHERE d.{q(dossier.get_field('foyer').column)} = %s "
        f"AND d.{q(dossier.get_field('campagne').column)} = c.{q(campagne.pk.column)} LIMIT 1) "
        f"FROM {q(campagne.db_table)} c ORDER BY c.{q(campagne.get_field('rentree').column)} DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [foyer_id])
        rangs = cursor.fetchall()
    campagnes = []
    dates = [isinstance(c, models.DateField) for c in colonnes]
    for *valeurs, statut in rangs:
        lue = Campagne.from_db(
            connection.alias,
            [c.attname for c in colonnes],
            [_date(v) if date else v for v, date in zip(valeurs, dates, strict=True)],
        )
        lue.statut_dossier = statut
        campagnes.append(lue)
    return campagnes


def _dans_l_ordre(meta, noms) -> list:
    """These fields in the model's own order, as Model.from_db() reads a partial row."""
    return [f for f in meta.concrete_fields if f.name in noms]


def _date(valeur) -> datetime.date:
    """A date read by a raw query (text on some SQLite builds)."""
    return datetime.date.fromisoformat(valeur) if isinstance(valeur, str) else valeur


def _verdict_dossier(campagne: Campagne | None) -> Verdict:
    """`campagne` carries `statut_dossier`, the foyer's dossier status (None: no dossier)."""
    if campagne is None:
        return OUI
    statut = campagne.statut_dossier
    if statut == DossierAnnuel.Statut.VALIDE:
        return OUI
    annee = campagne.annee_scolaire
    if statut == DossierAnnuel.Statut.A_VERIFIER:
        raison = (
            f"Votre dossier famille {annee} est en cours de vérification par le service "
            "Éducation : vous pourrez réserver dès qu'il sera validé."
        )
    else:
        raison = (
            f"Votre dossier famille {annee} doit être validé avant de réserver "
            f"(date limite : {date_format(campagne.cloture, 'j F Y')}) : complétez-le dans "
            "l'onglet Dossier Famille."
        )
    return Verdict(ok=False, raisons=[raison], cause=Cause.DOSSIER)


def peut_reserver(compte, enfant: Enfant | int, jour: datetime.date) -> Verdict:
    """May `compte` book for `enfant` on `jour`? With the reasons, in French, when not."""
    return verdicts(compte, [enfant], [jour])[
        enfant if isinstance(enfant, int) else enfant.pk, jour
    ]
