from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Contenus du site"

    def ready(self) -> None:
        # The public pages' cache: its Wagtail hook and its publication signals, connected in
        # every process (a page published by a task or a command empties it too).
        from portail import cache_pages  # noqa: F401

        from . import signals  # noqa: F401  (the legal pages' version to accept)
