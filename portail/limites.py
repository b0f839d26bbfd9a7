"""Bounds on what one request may send (issue 8.4), checked before any view reads the body.

- A body larger than `TAILLE_MAX_ENVOI` (12 Mo by default, env TAILLE_MAX_ENVOI in bytes:
  a 10 Mo import file or a few 2 Mo pièces, with room for the form) is refused from its
  Content-Length, before a byte of it is read: a 300 Mo upload no longer holds a worker.
- The body is then parsed here, once (Django keeps the result for the view), so that what
  Django refuses while parsing — too many fields (DATA_UPLOAD_MAX_NUMBER_FIELDS), too much
  non-file data (DATA_UPLOAD_MAX_MEMORY_SIZE), a part header it cannot read, such as a file
  name of hundreds of characters (its MultiPartParser reads at most 1 Ko of part headers) —
  gets a French page saying what to do, not Django's English « Bad Request (400) ».

Limits: a body sent without Content-Length (chunked) is bounded by Django's own limits and
the web server's; the pages use page_minimale.html (no request, no query)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template import loader

TROP_VOLUMINEUX = (
    "Votre envoi est trop volumineux ({taille} au maximum). Les fichiers font 2 Mo au plus "
    "chacun : déposez-les en plusieurs fois."
)
TROP_D_ELEMENTS = (
    "Votre envoi contient trop d'éléments pour être enregistré. Revenez à la page précédente "
    "et enregistrez moins de lignes à la fois."
)
ILLISIBLE = (
    "Votre envoi n'a pas pu être lu. Si vous déposiez un fichier, son nom est peut-être trop "
    "long : renommez-le plus court (par exemple « justificatif.pdf ») puis déposez-le à nouveau."
)


def _mo(octets: int) -> str:
    return f"{octets // (1024 * 1024)} Mo"


def page_refus(request: HttpRequest, message: str, status: int) -> HttpResponse:
    contenu = loader.get_template("envoi_refuse.html").render(
        {"message": message, "retour": request.path}
    )
    return HttpResponse(contenu, status=status)


class LimiteEnvoiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH"):
            refus = self.verifier(request)
            if refus is not None:
                return refus
        return self.get_response(request)

    def verifier(self, request: HttpRequest) -> HttpResponse | None:
        maximum = settings.TAILLE_MAX_ENVOI
        try:
            longueur = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return page_refus(request, ILLISIBLE, 400)
        if longueur > maximum:
            return page_refus(request, TROP_VOLUMINEUX.format(taille=_mo(maximum)), 413)
        try:
            request.POST  # noqa: B018 — parsed now, kept by Django for the view
        except TooManyFieldsSent:
            return page_refus(request, TROP_D_ELEMENTS, 400)
        except RequestDataTooBig:
            return page_refus(request, TROP_VOLUMINEUX.format(taille=_mo(maximum)), 413)
        except MultiPartParserError:
            return page_refus(request, ILLISIBLE, 400)
        return None
