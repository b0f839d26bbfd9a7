"""Schedule the billing jobs (django-q2): consumptions, balance check, statements, reminders."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from famille.facturation.tasks import installer_planification


class Command(BaseCommand):
    help = "Planifie les tâches de facturation (idempotente)."

    def handle(self, *args, **options):
        for schedule in installer_planification():
            self.stdout.write(
                f"{schedule.name} : prochaine exécution {schedule.next_run:%d/%m/%Y %H:%M}"
            )
