from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "famille.dossiers"
    label = "dossiers"
    verbose_name = "Dossiers"
