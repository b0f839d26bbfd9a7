from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "famille.dossiers"
    label = "dossiers"
    verbose_name = "Dossiers"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (the search column kept up to date)
