from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Contenus du site"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (the legal pages' version to accept)
