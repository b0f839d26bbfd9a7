from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "famille.comptes"
    label = "comptes"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from . import roles, signals  # noqa: F401  (roles: staff groups after migrate)
