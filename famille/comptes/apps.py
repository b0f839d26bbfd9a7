from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "famille.comptes"
    label = "comptes"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from . import signals  # noqa: F401
