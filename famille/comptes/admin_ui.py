"""Small pieces of the Wagtail admin shared by every app's viewsets."""

from __future__ import annotations

from wagtail.admin.panels import InlinePanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column


class OuiNonColumn(Column):
    """A yes/no column read « Oui » / « Non ». Wagtail's BooleanColumn titles its icon « True » /
    « False », in English, which is what screen readers and tooltips announce."""

    def get_value(self, instance) -> str:
        return "Oui" if super().get_value(instance) else "Non"


class OuiNonDisplay(Component):
    """How every « Inspecter » page shows a yes/no field: « Oui », « Non » (or « — » when
    unknown), not Wagtail's icon titled « True » / « False ». Registered for BooleanField in
    famille/dossiers/admin/inspection.py."""

    def __init__(self, value):
        self.value = value

    def render_html(self, parent_context=None) -> str:
        if self.value is None:
            return "—"
        return "Oui" if self.value else "Non"


class PanneauEnLigne(InlinePanel):
    """An InlinePanel whose add button is written in French: Wagtail builds it as « Ajouter
    un(e) {label} » (« Ajouter un(e) actualités » on the home page), so each use names its
    own button, « Ajouter une actualité ». `label` stays the singular each row is titled with
    (« Actualité 1 »)."""

    def __init__(self, relation_name, *args, ajouter: str = "", **kwargs) -> None:
        super().__init__(relation_name, *args, **kwargs)
        self.ajouter = ajouter

    def clone_kwargs(self) -> dict:
        return {**super().clone_kwargs(), "ajouter": self.ajouter}

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "comptes/admin/panneau_en_ligne.html"
