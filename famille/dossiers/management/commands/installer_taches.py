"""Install (or bring up to date) the scheduled jobs of every app that has some (a
`tasks.installer_planification()`: the Dossier Famille's reminders, the bookings' expired
offers…). Idempotent. Apps are found through the registry, so no app imports another here."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Installe les tâches planifiées (relances du renouvellement, propositions de place "
        "expirées…)."
    )

    def handle(self, *args, **options) -> None:
        for config in apps.get_app_configs():
            if not config.name.startswith("famille.") or not find_spec(f"{config.name}.tasks"):
                continue
            installer = getattr(
                import_module(f"{config.name}.tasks"), "installer_planification", None
            )
            if installer is None:
                continue
            for schedule in installer():
                self.stdout.write(f"Tâche planifiée : {schedule.name}")
