"""No session write on a plain page view: an active session is saved (its 30-minute idle expiry
pushed back) at most once a minute, so thousands of parents refreshing a page on an opening
morning do not turn each view into a database write."""

from __future__ import annotations

import datetime
import re

import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def _ecritures_de_session(requetes) -> list[str]:
    return [
        q["sql"]
        for q in requetes
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_une_page_vue_n_ecrit_pas_la_session_avant_une_minute(client, arbre, creer_famille):
    creer_famille("F4101")
    with time_machine.travel(timezone.now(), tick=False) as voyage:
        reponse = client.post(
            "/connexion/", {"username": "f4101", "password": "Une phrase de passe solide"}
        )
        assert reponse.status_code == 302
        # The first page after the login keeps « first login done » in the session (one write).
        assert client.get("/").status_code == 200
        cle = client.session.session_key
        expiration = Session.objects.get(session_key=cle).expire_date

        voyage.shift(datetime.timedelta(seconds=30))
        with CaptureQueriesContext(connection) as requetes:
            assert client.get("/").status_code == 200
        assert _ecritures_de_session(requetes) == []
        assert Session.objects.get(session_key=cle).expire_date == expiration

        # A minute after the last save, the next view pushes the idle expiry back.
        voyage.shift(datetime.timedelta(seconds=45))
        with CaptureQueriesContext(connection) as requetes:
            assert client.get("/").status_code == 200
        assert len(_ecritures_de_session(requetes)) == 1
        assert Session.objects.get(session_key=cle).expire_date > expiration


def test_un_visiteur_anonyme_ne_recoit_pas_de_session(client, arbre):
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get("/connexion/")
    assert reponse.status_code == 200
    assert _ecritures_de_session(requetes) == []
    assert "sessionid" not in reponse.cookies


def test_une_connexion_n_ecrit_ni_la_recherche_ni_l_index_des_references(
    client, arbre, creer_famille
):
    """A login writes its session, its audit line and last_login — not the search columns of
    the foyer and its children (nothing searched changed), nor Wagtail's reference index."""
    creer_famille("F4102")
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.post(
            "/connexion/", {"username": "f4102", "password": "Une phrase de passe solide"}
        )
    assert reponse.status_code == 302
    ecrites = {
        re.search(r'^(?:UPDATE|INSERT INTO|DELETE FROM) "(\w+)"', q["sql"].lstrip()).group(1)
        for q in requetes
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    }
    assert "comptes_evenement" in ecrites and "comptes_compte" in ecrites
    assert not ecrites & {"dossiers_foyer", "dossiers_enfant", "wagtailcore_referenceindex"}
