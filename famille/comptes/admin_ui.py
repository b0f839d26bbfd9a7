"""Small pieces of the Wagtail admin shared by every app's viewsets."""

from __future__ import annotations

from wagtail.admin.ui.tables import Column


class OuiNonColumn(Column):
    """A yes/no column read « Oui » / « Non ». Wagtail's BooleanColumn titles its icon « True » /
    « False », in English, which is what screen readers and tooltips announce."""

    def get_value(self, instance) -> str:
        return "Oui" if super().get_value(instance) else "Non"
