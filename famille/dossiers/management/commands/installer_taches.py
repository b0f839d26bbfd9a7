"""Install (or bring up to date) the scheduled jobs of the Dossier Famille. Idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from famille.dossiers.tasks import installer_planification


class Command(BaseCommand):
    help = "Installe les tâches planifiées du dossier famille (relances du renouvellement)."

    def handle(self, *args, **options) -> None:
        for schedule in installer_planification():
            self.stdout.write(f"Tâche planifiée : {schedule.name}")
