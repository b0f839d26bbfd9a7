from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "famille.comptes"
    label = "comptes"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_migrate

        from . import memo, roles, signals  # noqa: F401  (roles: staff groups after migrate)

        request_started.connect(memo.debut_requete, dispatch_uid="comptes_memo_debut")
        request_finished.connect(memo.fin_requete, dispatch_uid="comptes_memo_fin")

        post_migrate.connect(creer_table_du_cache, sender=self, dispatch_uid="comptes_cache")


def creer_table_du_cache(sender, using: str = "default", **kwargs) -> None:
    """The database cache (the shared rate-limit counters) needs its table: created after each
    migrate (bin/demo, the Procfile's release, test databases); nothing to do for Redis."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
