"""Every booking, with filters (structure, school, prestation, day, status) and a CSV / XLSX
export that follows them; the journal of changes made at the counter. Bookings are read here:
they are changed through the counter (admin/guichet.py), which applies the rules."""

from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from famille.comptes.exports import ExportSecuriseMixin
from famille.comptes.wagtail_hooks import MENU_EDUCATION

from ..models import JournalReservation, Reservation


class LecturePermissionPolicy(ModelPermissionPolicy):
    """Read only for everyone, superusers included: bookings change through the service (the
    counter), which checks deadlines, capacity and the waiting list; the journal is evidence."""

    LECTURE = {"view"}

    def user_has_permission(self, user, action):
        return action in self.LECTURE and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a in self.LECTURE])


register_permission_policy(Reservation, LecturePermissionPolicy(Reservation))
register_permission_policy(JournalReservation, LecturePermissionPolicy(JournalReservation))


class ReservationIndexView(ExportSecuriseMixin, snippet_views.IndexView):
    pass


class ReservationViewSet(SnippetViewSet):
    model = Reservation
    index_view_class = ReservationIndexView
    icon = "calendar-check"
    menu_label = "Réservations"
    menu_order = 540
    menu_hook = MENU_EDUCATION
    list_display = ["date", "enfant", "prestation", "statut", "foyer", "hors_delai"]
    list_filter = {
        "prestation__structure": ["exact"],
        "enfant__ecole": ["exact"],
        "prestation": ["exact"],
        "date": ["exact", "gte", "lte"],
        "statut": ["exact"],
    }
    search_fields = ["enfant__nom", "enfant__prenom", "foyer__numero"]
    list_export = [
        "date",
        "prestation.nom",
        "enfant.nom",
        "enfant.prenom",
        "enfant.ecole.nom",
        "enfant.classe.nom",
        "foyer.numero",
        "get_statut_display",
        "arrivee",
        "hors_delai",
    ]
    export_headings = {
        "date": "Jour",
        "prestation.nom": "Prestation",
        "enfant.nom": "Nom",
        "enfant.prenom": "Prénom",
        "enfant.ecole.nom": "École",
        "enfant.classe.nom": "Classe",
        "foyer.numero": "Famille",
        "get_statut_display": "Statut",
        "arrivee": "Demandée le",
        "hors_delai": "Hors délai",
    }
    export_filename = "reservations"
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Reservation.objects.select_related(
            "enfant__ecole", "enfant__classe", "prestation__structure", "foyer"
        ).order_by("date", "prestation__ordre", "enfant__nom")


class JournalReservationViewSet(SnippetViewSet):
    model = JournalReservation
    icon = "history"
    menu_label = "Journal du guichet"
    menu_order = 560
    menu_hook = MENU_EDUCATION
    list_display = [
        "le",
        "acteur",
        "foyer",
        "enfant",
        "prestation",
        "jour",
        "action",
        "hors_delai",
        "motif",
    ]
    list_filter = {"hors_delai": ["exact"], "action": ["exact"]}
    search_fields = ["foyer__numero", "enfant__nom", "motif"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return JournalReservation.objects.select_related("acteur", "foyer", "enfant", "prestation")

    def get_index_view_kwargs(self, **kwargs):
        # Titled as its menu; the model's plural counts changes (« 3 changements au guichet »).
        return super().get_index_view_kwargs(page_title=self.menu_label, **kwargs)


for viewset in (ReservationViewSet, JournalReservationViewSet):
    register_snippet(viewset)
