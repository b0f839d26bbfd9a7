"""The one place that says which staff role a user has, and who reads health data.

Every view, export, service and hook asks here; none tests a group name itself.

Roles are Wagtail groups (roles.py): `est_education`, `est_communication`, `est_regie` are true
for an active, logged-in member of that group — a superuser is not « in » a group he is not a
member of.

Health data (fiches santé, PAI and allergy pieces, the health lines of the fiches' history,
health columns of exports) — decided once: **it follows membership of the Éducation group, and
a superuser who is not in that group does not read it** (`voit_sante`). Why: health data is a
special category (RGPD art. 9), to be read only by those whose job needs it, i.e. the Education
service; the portal's superusers are technical administrators (deployment, support) who have
no such need. If one ever needs it, adding him to Éducation is a visible, dated decision in the
groups admin, not a side effect of a technical flag. Other family data (names, addresses,
dossiers) follows Django's model permissions, which a superuser has: `user.has_perm(...)`.

Limits: the group names are cached on the user object for the request (a change of groups is
seen by the next request, as Django's own permission cache does)."""

from __future__ import annotations

from .roles import ANIMATION, COMMUNICATION, EDUCATION, REGIE


def _groupes(user) -> frozenset[str]:
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return frozenset()
    groupes = getattr(user, "_acces_groupes", None)
    if groupes is None:
        groupes = frozenset(user.groups.values_list("name", flat=True))
        user._acces_groupes = groupes
    return groupes


def est_education(user) -> bool:
    """Member of the Éducation group (families, dossiers, structures)."""
    return EDUCATION in _groupes(user)


def est_communication(user) -> bool:
    """Member of the Communication group (pages and content only)."""
    return COMMUNICATION in _groupes(user)


def est_regie(user) -> bool:
    """Member of the Régie group (payments and balances)."""
    return REGIE in _groupes(user)


def voit_sante(user) -> bool:
    """May this user read health data? Éducation members only, superusers included only when
    they are members (see the module docstring for why)."""
    return est_education(user)


def lit_demandes(user) -> bool:
    """May read the answers to the request forms (second-parent account requests…): personal
    data, not health — the Education service, and superusers as for any family data."""
    return bool(getattr(user, "is_superuser", False) and user.is_active) or est_education(user)


def voit_historique(user) -> bool:
    """The fiches' history in the admin: Éducation, a superuser, or whoever was given the
    view permission of Modification (its health values still need `voit_sante`)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
        and (user.has_perm("dossiers.view_modification") or est_education(user))
    )


def menu_regie(user) -> bool:
    """The family lists this user may read go under the « Régie » menu, not « Éducation »: a
    Régie member who is not in Éducation (an agent in both keeps the Éducation menu)."""
    return est_regie(user) and not est_education(user)


def est_animation(user) -> bool:
    """Member of the Animation group: marks the attendance lists of his structures, nothing
    else (famille.reservations.services.pointage.peut_pointer)."""
    return ANIMATION in _groupes(user)
