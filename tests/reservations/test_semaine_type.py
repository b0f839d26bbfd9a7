"""« Semaine type » unfolded into days: every week, even or odd ISO weeks, one week in two,
for several children at once."""

from __future__ import annotations

import pytest
from aides_reservations import J

from famille.reservations.services.semaine_type import deplier


def _jours(demandes):
    return sorted({d.jour for d in demandes})


def test_toutes_les_semaines_pour_deux_enfants(periode, prestations):
    cantine, soir = prestations["cantine"].pk, prestations["soir"].pk
    demandes = deplier(periode, [1, 2], {cantine: {1, 4}, soir: {2}})
    # 8 weeks × (2 canteen days + 1 evening) × 2 children; closed days are kept (refused later).
    assert len(demandes) == 8 * 3 * 2
    assert _jours([d for d in demandes if d.prestation_id == soir])[:2] == [
        J("2027-09-07"),
        J("2027-09-14"),
    ]
    assert {d.enfant_id for d in demandes} == {1, 2}


@pytest.mark.parametrize(
    ("rythme", "premiers"),
    [
        ("paires", ["2027-09-06", "2027-09-20"]),  # ISO weeks 36, 38
        ("impaires", ["2027-09-13", "2027-09-27"]),  # ISO weeks 37, 39
        ("une_sur_deux", ["2027-09-27", "2027-10-11"]),  # from `depuis` (Wed 15), even weeks after
    ],
)
def test_rythmes(periode, prestations, rythme, premiers):
    cantine = prestations["cantine"].pk
    demandes = deplier(periode, [1], {cantine: {1}}, rythme, depuis=J("2027-09-15"))
    attendus = [J(j) for j in premiers]
    if rythme != "une_sur_deux":
        demandes = deplier(periode, [1], {cantine: {1}}, rythme)
    assert _jours(demandes)[:2] == attendus


def test_rythme_inconnu(periode):
    with pytest.raises(ValueError):
        deplier(periode, [1], {}, "tous_les_jours")
