"""Failed logins and lockouts go to the audit log, whoever the view."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
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
