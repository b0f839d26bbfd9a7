"""Keep the search column (services/recherche.py) up to date whenever a name, e-mail, phone
or custody link changes, from the admin, the parent's forms or the import alike."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from famille.comptes.models import Compte

from .models import Enfant, Foyer, Garde, ResponsableLegal
from .services import recherche


@receiver(post_save, sender=Foyer)
def foyer_enregistre(sender, instance, raw=False, **kwargs):
    if not raw:
        recherche.reindexer_foyers([instance])


@receiver(post_save, sender=Enfant)
def enfant_enregistre(sender, instance, raw=False, **kwargs):
    if not raw:
        recherche.reindexer_enfants([instance])
        recherche.reindexer_foyers(Foyer.objects.filter(gardes__enfant=instance))


# The account's fields the search text is made of (recherche._titulaire).
CHAMPS_DU_COMPTE_CHERCHES = {"first_name", "last_name", "username", "emails", "email"}


@receiver(post_save, sender=Compte)
def compte_enregistre(sender, instance, raw=False, update_fields=None, **kwargs):
    # A login saves last_login alone (update_fields): nothing searched changed, and reindexing
    # the foyer and its children cost ten queries and three writes per login.
    if update_fields is not None and not CHAMPS_DU_COMPTE_CHERCHES & set(update_fields):
        return
    if not raw:
        recherche.reindexer_foyers(Foyer.objects.filter(titulaire=instance))


@receiver([post_save, post_delete], sender=Garde)
@receiver([post_save, post_delete], sender=ResponsableLegal)
def lien_change(sender, instance, raw=False, **kwargs):
    if not raw and Foyer.objects.filter(pk=instance.foyer_id).exists():
        recherche.reindexer_foyers([Foyer(pk=instance.foyer_id)])
