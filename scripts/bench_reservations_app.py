"""The web side of scripts/bench_reservations.py, run by gunicorn: the portal's settings with
two extra views, never part of the portal itself.

- POST /bench/regles/ foyer=<id>: the whole period for the family's children (semaine type:
  every day of every prestation), through operations.appliquer — every rule, capped days
  locked last.
- POST /bench/nu/ foyer=<id>: the same rows inserted with bulk_create in one transaction, no
  rule, no lock: the floor to compare with."""

from __future__ import annotations

from portail.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = __name__
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
AXES_ENABLED = False
# The admin guard reverses the admin's URLs, which this URLconf does not have: not a
# booking's concern (the bare view and the rules view go through the same middleware).
MIDDLEWARE = [  # noqa: F405
    m
    for m in MIDDLEWARE  # noqa: F405
    if "axes" not in m.lower() and "garde_admin" not in m
]


def _demandes(foyer_id: int):
    from famille.dossiers.models import Foyer
    from famille.reservations.models import PeriodeReservation
    from famille.reservations.services.semaine_type import deplier

    foyer = Foyer.objects.select_related("titulaire").get(pk=foyer_id)
    periode = PeriodeReservation.objects.get(nom="Bench")
    semaine = {p.pk: p.jours_iso for p in periode.prestations.all()}
    enfants = list(foyer.gardes.values_list("enfant_id", flat=True))
    return foyer, deplier(periode, enfants, semaine)


def regles(request):
    from django.http import JsonResponse

    from famille.reservations.services import operations
    from famille.reservations.services.erreurs import ReservationError

    foyer, demandes = _demandes(int(request.POST["foyer"]))
    try:
        bilan = operations.appliquer(foyer.titulaire, foyer, demandes, [])
    except ReservationError as erreur:
        return JsonResponse({"erreur": erreur.message}, status=409)
    return JsonResponse(
        {
            "ajoutees": len(bilan.ajoutees),
            "attente": len(bilan.en_attente),
            "refusees": len(bilan.refusees),
        }
    )


def nu(request):
    from django.db import transaction
    from django.http import JsonResponse

    from famille.reservations.models import Reservation

    foyer, demandes = _demandes(int(request.POST["foyer"]))
    with transaction.atomic():
        Reservation.objects.bulk_create(
            Reservation(
                foyer=foyer, enfant_id=d.enfant_id, prestation_id=d.prestation_id, date=d.jour
            )
            for d in demandes
        )
    return JsonResponse({"ajoutees": len(demandes)})


# Importing path and csrf_exempt touches no model: safe in a settings module.
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

urlpatterns = [path("bench/regles/", csrf_exempt(regles)), path("bench/nu/", csrf_exempt(nu))]


def application(environ, start_response):
    global _wsgi
    if "_wsgi" not in globals():
        from django.core.wsgi import get_wsgi_application

        _wsgi = get_wsgi_application()
    return _wsgi(environ, start_response)
