from __future__ import annotations

from django.core.management.base import BaseCommand

from home import demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : la relancer ne change rien)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reinitialiser-mots-de-passe",
            action="store_true",
            help="Remet les mots de passe de démonstration (et le mot de passe initial de la famille jamais connectée).",
        )

    def handle(self, *args, **options) -> None:
        resume = demo.charger(reinitialiser_mots_de_passe=options["reinitialiser_mots_de_passe"])
        for ligne in resume:
            self.stdout.write(ligne)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
