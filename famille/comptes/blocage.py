"""Login lockout rules on top of django-axes' database handler (the counters live in the
database, so every gunicorn worker and instance sees the same ones).

Two rules, each with its threshold:
- an identifiant is locked after AXES_FAILURE_LIMIT failures (any address): a password guessed
  on one account is stopped, and one family mistyping does not lock its neighbours at a shared
  address (a town hall's guichet PC, a home, a mobile operator's shared address);
- an address is locked only when failures for AXES_LIMITE_PULVERISATION different identifiants
  came from it within the cool-off time: a password spray over many accounts.
Limit: a spray spread over many addresses (a botnet) is slowed per identifiant only.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings


class GestionnaireBlocage(AxesDatabaseHandler):
    """The identifiant rule is axes' own (AXES_LOCKOUT_PARAMETERS = ["username"]); this adds
    the spray rule per address."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.pulverisation(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self.pulverisation(request):
            # This failure completed the spray: lock now and say so (journal, lockout page).
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    @staticmethod
    def pulverisation(request) -> bool:
        """True when this request's address failed on too many identifiants lately."""
        adresse = getattr(request, "axes_ip_address", None)
        if not adresse or not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        identifiants = (
            AccessAttempt.objects.filter(
                ip_address=adresse, attempt_time__gte=get_cool_off_threshold(request)
            )
            .values("username")
            .distinct()
            .count()
        )
        return identifiants >= settings.AXES_LIMITE_PULVERISATION
