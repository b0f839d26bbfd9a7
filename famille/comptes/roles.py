"""Staff roles are Wagtail groups with least privilege: Éducation (families and dossiers),
Communication (content only), Régie (payments and balances)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDUCATION = "Éducation"
COMMUNICATION = "Communication"
REGIE = "Régie"

# app_label -> models whose add/change/delete/view the role gets; "view" alone where noted.
PERMISSIONS_PAR_ROLE: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    EDUCATION: [
        ("comptes", "compte", ("add", "change", "view")),
        ("comptes", "structure", ("view",)),
        ("comptes", "evenement", ("view",)),
        ("dossiers", "foyer", ("add", "change", "view")),
        ("dossiers", "enfant", ("add", "change", "view")),
        ("dossiers", "garde", ("add", "change", "delete", "view")),
        ("dossiers", "responsablelegal", ("add", "change", "delete", "view")),
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
        ("reservations", "reservation", ("add", "change", "view")),
        ("facturation", "tarif", ("add", "change", "delete", "view")),
        ("facturation", "quotientfamilial", ("add", "change", "view")),
    ],
    COMMUNICATION: [
        ("home", "parametresportail", ("change",)),
        ("comptes", "documentslegaux", ("change",)),
    ],
    REGIE: [
        ("dossiers", "foyer", ("view",)),
        ("facturation", "quotientfamilial", ("view",)),
        ("facturation", "tarif", ("view",)),
    ],
}


@transaction.atomic
def installer_groupes() -> dict[str, Group]:
    """Create or update the three staff groups (idempotent)."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groupes = {}
    acces_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for nom, regles in PERMISSIONS_PAR_ROLE.items():
        groupe, _ = Group.objects.get_or_create(name=nom)
        permissions = [acces_admin]
        for app_label, modele, actions in regles:
            for action in actions:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{modele}"
                ).first()
                if permission is not None:
                    permissions.append(permission)
        groupe.permissions.set(permissions)
        groupes[nom] = groupe

    communication = groupes[COMMUNICATION]
    racine = Page.objects.filter(depth=2).first()
    if racine is not None:
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
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
                permission = Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=communication, collection=collection, permission=permission
                )
    return groupes
