"""Staff roles are Wagtail groups with least privilege: Éducation (families and dossiers),
Communication (content only), Régie (payments and balances), Animation (attendance lists
of its structures only).

No role gets a permission on the account model itself: it would open Wagtail's « Utilisateurs »
admin, where groups (and so any role) can be given. The Education service creates and manages
parents' accounts through the Comptes famille admin, whose views check the dossiers
permissions. A fresh install gets the groups after `migrate` (post_migrate), not only the demo."""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import post_migrate

EDUCATION = "Éducation"
COMMUNICATION = "Communication"
REGIE = "Régie"
ANIMATION = "Animation"

# app_label -> models whose add/change/delete/view the role gets; "view" alone where noted.
PERMISSIONS_PAR_ROLE: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    EDUCATION: [
        ("comptes", "structure", ("add", "change", "view")),
        ("comptes", "evenement", ("view",)),
        ("dossiers", "foyer", ("add", "change", "view")),
        ("dossiers", "enfant", ("add", "change", "view")),
        ("dossiers", "garde", ("add", "change", "delete", "view")),
        ("dossiers", "responsablelegal", ("add", "change", "delete", "view")),
        ("dossiers", "periodegarde", ("add", "change", "delete", "view")),
        ("dossiers", "ecole", ("add", "change", "view")),
        ("dossiers", "classe", ("add", "change", "delete", "view")),
        ("dossiers", "campagne", ("add", "change", "view")),
        ("dossiers", "dossierannuel", ("add", "change", "view")),
        ("dossiers", "piecejustificative", ("change", "view")),
        ("dossiers", "fichesante", ("change", "view")),
        ("dossiers", "signaturereglement", ("view",)),
        ("reservations", "prestation", ("add", "change", "view")),
        ("reservations", "fermeture", ("add", "change", "delete", "view")),
        ("reservations", "periodereservation", ("add", "change", "delete", "view")),
        # Bookings change only through the counter (the booking rules), never a generic form.
        ("reservations", "reservation", ("view", "guichet")),
        ("reservations", "capacitejour", ("add", "change", "view")),
        ("reservations", "journalreservation", ("view",)),
        ("reservations", "presence", ("add", "change", "view")),
        ("reservations", "cloturejournee", ("add", "view")),
        ("reservations", "journalpresence", ("view",)),
        # The kitchens: restaurant sites, and the frozen meal counts (numbers only).
        ("reservations", "siterepas", ("add", "change", "view")),
        ("reservations", "gelrepas", ("view",)),
        ("reservations", "effectifrepas", ("view",)),
        # Absences reported by parents: the justification is accepted or refused through the
        # service (admin/absences.py), never a generic form.
        ("reservations", "absence", ("change", "view")),
        ("facturation", "tarif", ("add", "change", "delete", "view")),
        ("facturation", "quotientfamilial", ("add", "change", "view")),
        ("facturation", "reglesfacturation", ("add", "change", "view")),
        ("facturation", "parametresfacturation", ("add", "change", "view")),
        ("facturation", "lignecompte", ("view",)),
        ("facturation", "solde", ("view",)),
        ("facturation", "facture", ("view",)),
        # Where the request forms' answers (family data) are e-mailed: not Communication's.
        ("formulaires", "destinatairesdemandes", ("change",)),
        ("transfers", "correspondanceecole", ("change", "delete", "view")),
        ("transfers", "correspondanceclasse", ("change", "delete", "view")),
    ],
    COMMUNICATION: [
        ("home", "parametresportail", ("change",)),
        ("comptes", "documentslegaux", ("change",)),
    ],
    REGIE: [
        ("dossiers", "foyer", ("view",)),
        ("facturation", "quotientfamilial", ("view",)),
        ("facturation", "tarif", ("view",)),
        ("facturation", "reglesfacturation", ("view",)),
        ("facturation", "parametresfacturation", ("add", "change", "view")),
        ("facturation", "lignecompte", ("view",)),
        ("facturation", "solde", ("view",)),
        # « change »: send a statement again (the statement itself is never edited).
        ("facturation", "facture", ("change", "view")),
        # Money at the counter: « add » takes a payment or gives a refund, « change » cancels
        # one with a reason (receipts are never edited nor deleted).
        ("facturation", "encaissement", ("add", "change", "view")),
        ("facturation", "attestationfiscale", ("add", "view")),
        ("facturation", "regisseur", ("add", "change", "view")),
        # Online payment: the régie's PayFiP settings; attempts are read, never edited.
        ("facturation", "regiepaiement", ("add", "change", "view")),
        ("facturation", "transactionpaiement", ("view",)),
    ],
    # The attendance lists only (their own staff page, not the admin): no family, dossier or
    # health permission; which structures it sees is the account's `structures`.
    ANIMATION: [
        ("reservations", "presence", ("add", "change", "view")),
    ],
}


@transaction.atomic
def installer_groupes() -> dict[str, Group]:
    """Create or update the three staff groups (idempotent)."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groupes = {}
    # Every permission read in one query (a query a permission was ~150 of them: this runs after
    # each migrate, in the demo and in many tests' fixtures); the first one of the default
    # ordering wins, as `.filter(...).first()` did.
    par_cle: dict[tuple[str, str], Permission] = {}
    for permission in Permission.objects.select_related("content_type"):
        par_cle.setdefault((permission.content_type.app_label, permission.codename), permission)
    acces_admin = par_cle[("wagtailadmin", "access_admin")]
    for nom, regles in PERMISSIONS_PAR_ROLE.items():
        groupe, _ = Group.objects.get_or_create(name=nom)
        # Animation works on its own staff page: no access to the Wagtail admin at all.
        permissions = [] if nom == ANIMATION else [acces_admin]
        for app_label, modele, actions in regles:
            for action in actions:
                permission = par_cle.get((app_label, f"{action}_{modele}"))
                if permission is not None:
                    permissions.append(permission)
        groupe.permissions.set(permissions)
        groupes[nom] = groupe

    communication = groupes[COMMUNICATION]
    racine = Page.objects.filter(depth=2).first()
    if racine is not None:
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            permission = par_cle[("wagtailcore", codename)]
            GroupPagePermission.objects.get_or_create(
                group=communication, page=racine, permission=permission
            )
    collection = Collection.get_first_root_node()
    if collection is not None:
        for app_label, codenames in (
            ("wagtaildocs", ("add_document", "change_document", "choose_document")),
            ("wagtailimages", ("add_image", "change_image", "choose_image")),
        ):
            for codename in codenames:
                permission = par_cle[(app_label, codename)]
                GroupCollectionPermission.objects.get_or_create(
                    group=communication, collection=collection, permission=permission
                )
    return groupes


def installer_groupes_apres_migration(sender, **kwargs) -> None:
    """post_migrate is sent once per app: act after the last one, when every app's
    permissions (wagtailadmin's access_admin, facturation's…) exist."""
    avec_modeles = [a for a in global_apps.get_app_configs() if a.models_module is not None]
    if avec_modeles and sender.label == avec_modeles[-1].label:
        installer_groupes()


post_migrate.connect(installer_groupes_apres_migration, dispatch_uid="comptes_installer_groupes")
