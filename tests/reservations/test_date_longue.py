"""The long French date of the calendar and the summary (« lundi 5 janvier 2026 ») is built from
a table: it must say exactly what Django's French date format says, every day of the year."""

import datetime

from django.utils import translation
from django.utils.formats import date_format

from famille.reservations.services.regles import date_longue


def test_date_longue_comme_le_format_francais_de_django():
    jour = datetime.date(2027, 1, 1)
    with translation.override("fr"):
        for n in range(366):
            d = jour + datetime.timedelta(days=n)
            assert date_longue(d) == date_format(d, "l j F Y")
    assert date_longue(datetime.date(2026, 8, 3)) == "lundi 3 août 2026"
