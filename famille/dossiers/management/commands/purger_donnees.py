"""Delete documents and health data past their retention period (see services/rgpd_purge.py).

python manage.py purger_donnees               # purge now
python manage.py purger_donnees --simulation  # count only, delete nothing
python manage.py purger_donnees --installer   # create the daily django-q2 schedule (once)
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from famille.dossiers.services import rgpd_purge


class Command(BaseCommand):
    help = (
        "Supprime les pièces justificatives et les données de santé dont la durée de "
        "conservation est dépassée (réglage RETENTION)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--installer",
            action="store_true",
            help="Crée la tâche planifiée quotidienne (django-q2) si elle n'existe pas.",
        )
        parser.add_argument("--simulation", action="store_true", help="Compte sans rien supprimer.")

    def handle(self, *args, installer: bool = False, simulation: bool = False, **options) -> None:
        if installer:
            planification, cree = rgpd_purge.installer_planification()
            etat = "créée" if cree else "déjà installée"
            self.stdout.write(f"Tâche planifiée « {planification.name} » {etat}.")
            return
        comptes = rgpd_purge.purger(simulation=simulation)
        verbe = "à supprimer" if simulation else "supprimés"
        self.stdout.write(
            f"Fichiers {verbe} : {comptes['fichiers']} ; pièces : {comptes['pieces']} ; "
            f"fiches santé : {comptes['fiches_sante']} ; "
            f"historique santé : {comptes['historique_sante']}."
        )
