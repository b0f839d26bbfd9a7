"""Logins, logouts, failed logins and lockouts go to the audit log, whoever the view: the
portal's login page and the Wagtail admin's alike. A login also starts the session's
absolute lifetime (middleware.DureeAbsolueSessionMiddleware)."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import Evenement


@receiver(user_login_failed)
def echec_de_connexion(sender, credentials: dict, request=None, **kwargs) -> None:
    from .services import journaliser

    journaliser(
        Evenement.Type.ECHEC, identifiant=(credentials or {}).get("username", ""), request=request
    )


@receiver(user_locked_out)
def blocage(sender, request=None, username: str = "", ip_address: str = "", **kwargs) -> None:
    from .services import journaliser

    journaliser(Evenement.Type.BLOCAGE, identifiant=username or "", request=request)


@receiver(user_logged_in)
def connexion(sender, request=None, user=None, **kwargs) -> None:
    from .services import SESSION_CONNEXION_LE, journaliser, maintenant_en_secondes

    if request is not None and hasattr(request, "session"):
        request.session[SESSION_CONNEXION_LE] = maintenant_en_secondes()
    journaliser(Evenement.Type.CONNEXION, compte=user, request=request)


@receiver(user_logged_out)
def deconnexion(sender, request=None, user=None, **kwargs) -> None:
    from .services import journaliser

    if user is not None:
        detail = getattr(request, "motif_deconnexion", "")
        journaliser(Evenement.Type.DECONNEXION, compte=user, request=request, detail=detail)
