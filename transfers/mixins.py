"""For the other apps' admin lists: Wagtail's own `list_export` (IndexView) made safe.

Checked on Wagtail 8.0: its XLSX export turns cells openpyxl reads as formulas back into
strings, but its CSV export writes « =HYPERLINK(...) », « +33… », « -1+1 » or « @SUM(…) »
untouched, and with commas that French Excel does not split. Add this mixin first in the
IndexView's bases (`class FoyerIndexView(ExportSecuriseMixin, snippet_views.IndexView)`),
set `list_export` on the viewset and, for health fields, `colonnes_sante` on the view."""

from __future__ import annotations

import csv

from wagtail.admin.views.mixins import Echo

from .listes import est_education
from .services.exports import neutraliser


class ExportSecuriseMixin:
    colonnes_sante: tuple[str, ...] = ()  # kept only for the Éducation group

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.colonnes_sante and not est_education(request.user):
            self.list_export = [f for f in self.list_export if f not in self.colonnes_sante]

    def preprocess_field_value(self, field, value, export_format):
        return neutraliser(super().preprocess_field_value(field, value, export_format))

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        entetes = {f: neutraliser(self.get_heading(queryset, f)) for f in self.list_export}
        yield "\ufeff".encode() + writer.writerow(entetes)
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))
