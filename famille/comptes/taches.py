"""Queue a django-q2 task without letting the queue's failure undo what was done.

Tasks are queued after a commit (a booking, an offer of a freed place): if the broker does not
answer at that moment (Redis down, or the database with the ORM broker), raising would turn a
saved booking into an error page, and a parent who retries might book again. So the failure
is logged (the task's name, never its arguments: they may be a family's data) and the request
goes on. Limit: that e-mail is not sent; the booking is on the portal and in the family's
calendar, and the staff see the log line."""

from __future__ import annotations

import logging

journal = logging.getLogger("famille.taches")


def mettre_en_file(tache: str, *args) -> bool:
    """Queue `tache`; False (logged) when the queue does not answer."""
    from django_q.tasks import async_task

    try:
        async_task(tache, *args)
    except Exception as erreur:  # Redis's, the database's or the network's: all the same here
        journal.error(
            "Tâche %s non mise en file (%s) : ce qui a été enregistré est gardé, l'envoi n'aura "
            "pas lieu.",
            tache,
            type(erreur).__name__,
        )
        return False
    return True
