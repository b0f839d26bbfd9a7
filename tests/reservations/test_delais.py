"""Deadline rules, table-driven: each rule as staff store it, the day booked, and the last
instant (Paris wall clock) it may still be booked or cancelled — across daylight saving."""

from __future__ import annotations

import datetime

import pytest
from aides_reservations import J, paris

from famille.reservations.models import RegleDelai
from famille.reservations.services.delais import Regle, dans_les_delais, limite

VEILLE_9H = Regle(RegleDelai.JOURS_CALENDAIRES, 1, datetime.time(9))
TROIS_OUVRES = Regle(RegleDelai.JOURS_OUVRES, 3, datetime.time(23, 59))
MARDI_23H = Regle(RegleDelai.SEMAINE_PRECEDENTE, 0, datetime.time(23), jour_semaine=2)
# The memo: « au moins 3 jours à l'avance pour le jour de la rentrée scolaire ».
RENTREE = Regle(RegleDelai.JOURS_CALENDAIRES, 3, datetime.time(23, 59))


@pytest.mark.parametrize(
    ("regle", "jour", "attendu"),
    [
        # « la veille avant 9 h »
        (VEILLE_9H, "2027-09-06", "2027-09-05T09:00"),
        (VEILLE_9H, "2027-03-29", "2027-03-28T09:00"),  # 28 March 2027: summer time begins
        (VEILLE_9H, "2027-11-01", "2027-10-31T09:00"),  # 31 October 2027: winter time begins
        # « 3 jours ouvrés avant à 23 h 59 »: weekends and public holidays are skipped
        (TROIS_OUVRES, "2027-09-09", "2027-09-06T23:59"),  # Thursday -> Monday
        (TROIS_OUVRES, "2027-09-06", "2027-09-01T23:59"),  # Monday -> previous Wednesday
        (TROIS_OUVRES, "2027-11-15", "2027-11-09T23:59"),  # 11 November (Thursday) skipped
        (TROIS_OUVRES, "2027-03-31", "2027-03-25T23:59"),  # Easter Monday 29 March skipped
        # « le mardi 23 h pour la semaine suivante »
        (MARDI_23H, "2027-09-06", "2027-08-31T23:00"),  # Monday
        (MARDI_23H, "2027-09-10", "2027-08-31T23:00"),  # Friday of the same week
        (MARDI_23H, "2027-04-02", "2027-03-23T23:00"),  # the week after the change of time
        (MARDI_23H, "2028-01-03", "2027-12-28T23:00"),  # across the year
        # the memo's rentrée: Thursday 2 September 2027 -> Monday 30 August, 23:59
        (RENTREE, "2027-09-02", "2027-08-30T23:59"),
    ],
)
def test_limite(regle, jour, attendu):
    instant = limite(regle, J(jour))
    assert instant == paris(attendu)
    assert instant.utcoffset() == paris(attendu).utcoffset()


def test_heure_d_ete_et_d_hiver_a_l_heure_locale():
    ete = limite(VEILLE_9H, J("2027-03-29"))
    hiver = limite(VEILLE_9H, J("2027-03-28"))
    assert ete.astimezone(datetime.UTC).hour == 7  # 9 h in summer is 07:00 UTC
    assert hiver.astimezone(datetime.UTC).hour == 8  # 9 h in winter is 08:00 UTC


def test_dans_les_delais_jusqu_a_l_instant_limite():
    jour = J("2027-09-06")
    assert dans_les_delais(VEILLE_9H, jour, paris("2027-09-05T08:59"))
    assert not dans_les_delais(VEILLE_9H, jour, paris("2027-09-05T09:00"))


@pytest.mark.parametrize(
    ("regle", "texte"),
    [
        (VEILLE_9H, "la veille avant 9 h"),
        (TROIS_OUVRES, "3 jours ouvrés avant, à 23 h 59"),
        (MARDI_23H, "le mardi 23 h pour la semaine suivante"),
        (RENTREE, "3 jours avant, à 23 h 59"),
    ],
)
def test_regle_se_lit_en_francais(regle, texte):
    assert str(regle) == texte
