"""After a load run, what the database says (issue 15.2): the invariant sweep and fairness.

- capacity: no capped day holds more places than it has, and each day's counter equals its
  rows (booked and offered);
- no child booked twice: one active row at most per (child, prestation, day);
- waiting lists in arrival order: a place freed by a cancellation was offered to the first in
  line (every offered row arrived no later than every row still waiting);
- fairness, from the database's own order: on each capped day, no row that took a place
  directly arrived after a row left waiting;
- fairness, from the load generator's clock (independent of the server's timestamps): no
  family whose confirmation was SENT after another family's confirmation had been ANSWERED
  took a place of a day where that earlier family was left waiting;
- confirmed families: families with a booking of this period, and the last booking's time.

Runs inside a configured Django; returns plain data (counts and at most a few examples)."""

from __future__ import annotations

from collections import defaultdict


def verifier(periode_id: int, arrivees: dict[str, tuple[float, float]] | None = None) -> dict:
    from django.db.models import Count, Max, Min

    from famille.reservations.models import CapaciteJour, PeriodeReservation, Reservation

    periode = PeriodeReservation.objects.get(pk=periode_id)
    lignes = Reservation.objects.filter(
        prestation__in=periode.prestations.all(), date__range=(periode.debut, periode.fin)
    )
    resultat: dict = {}

    # Capacity and counters.
    comptes = {
        (r["prestation_id"], r["date"]): r["n"]
        for r in lignes.filter(statut__in=Reservation.STATUTS_PLACE)
        .values("prestation_id", "date")
        .annotate(n=Count("pk"))
    }
    depassements, ecarts, jours_plafonnes, jours_complets = [], [], 0, 0
    for c in CapaciteJour.objects.filter(prestation__in=periode.prestations.all()):
        jours_plafonnes += 1
        jours_complets += c.reservees >= c.capacite
        if c.reservees > c.capacite:
            depassements.append(f"{c.prestation_id} {c.date}: {c.reservees}/{c.capacite}")
        if comptes.get((c.prestation_id, c.date), 0) != c.reservees:
            ecarts.append(f"{c.prestation_id} {c.date}: compteur {c.reservees}")
    resultat["jours_plafonnes"] = jours_plafonnes
    resultat["jours_complets"] = jours_complets
    resultat["surreservations"] = len(depassements)
    resultat["compteurs_faux"] = len(ecarts)

    # No child twice.
    doubles = (
        lignes.actives()
        .values("enfant_id", "prestation_id", "date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    resultat["doubles"] = doubles.count()

    # Waiting lists and fairness, per capped day, from the database's order.
    plafonnees = [p.pk for p in periode.prestations.all() if p.capacite]
    par_jour: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for prestation_id, jour, statut, arrivee, numero in lignes.filter(
        prestation_id__in=plafonnees
    ).values_list("prestation_id", "date", "statut", "arrivee", "foyer__numero"):
        par_jour[(prestation_id, jour)][statut].append((arrivee, numero))
    desordres, injustices_base, injustices_client = [], [], []
    for cle, groupes in par_jour.items():
        attente = groupes.get(Reservation.Statut.ATTENTE, [])
        proposees = groupes.get(Reservation.Statut.PROPOSEE, [])
        # Places held: booked rows only. A cancelled row may be a waiting-list row its family
        # withdrew (it never held a place: counting it made a false « later arrival »), and a
        # place freed by a cancellation goes to the first in line, which `desordres` checks.
        directes = groupes.get(Reservation.Statut.RESERVEE, [])
        if attente and proposees and max(proposees)[0] > min(attente)[0]:
            desordres.append(cle)
        file = attente + proposees
        if file and directes and max(directes)[0] > min(file)[0]:
            injustices_base.append(cle)
        if arrivees and file and directes:
            servies = [arrivees[n][1] for _, n in file if n in arrivees]
            parties = [arrivees[n][0] for _, n in directes if n in arrivees]
            if servies and parties and min(servies) < max(parties):
                injustices_client.append(cle)
    resultat["files_desordonnees"] = len(desordres)
    resultat["injustices_base"] = len(injustices_base)
    resultat["injustices_client"] = len(injustices_client) if arrivees else None
    resultat["exemples"] = [str(x) for x in (depassements + ecarts + injustices_base)[:5]] + [
        f"client {x}" for x in injustices_client[:5]
    ]

    # What was booked.
    statuts = dict(lignes.values_list("statut").annotate(n=Count("pk")))
    resultat["lignes"] = statuts
    resultat["familles_servies"] = lignes.values("foyer_id").distinct().count()
    bornes = lignes.aggregate(premiere=Min("cree_le"), derniere=Max("cree_le"))
    resultat["premiere_reservation"] = (
        bornes["premiere"].isoformat() if bornes["premiere"] else None
    )
    resultat["derniere_reservation"] = (
        bornes["derniere"].isoformat() if bornes["derniere"] else None
    )
    resultat["ouverture"] = periode.ouverture.isoformat()
    return resultat


def en_defaut(resultat: dict) -> list[str]:
    """The invariants broken, in French (empty when all hold)."""
    defauts = []
    for cle, texte in (
        ("surreservations", "jours au-delà de leurs places"),
        ("compteurs_faux", "compteurs de places faux"),
        ("doubles", "enfants réservés deux fois le même jour"),
        ("files_desordonnees", "listes d'attente servies dans le désordre"),
        ("injustices_base", "places prises par une arrivée plus tardive (ordre de la base)"),
        ("injustices_client", "places prises par une arrivée plus tardive (horloge du client)"),
    ):
        if resultat.get(cle):
            defauts.append(f"{resultat[cle]} {texte}")
    return defauts
