"""Wagtail's own list exports (IndexView `list_export`), made safe for every admin list.

Checked on Wagtail 8.0: its XLSX export turns cells openpyxl reads as formulas back into
strings, but its CSV export writes « =HYPERLINK(...) », « +33… », « -1+1 » or « @SUM(…) »
untouched, and with commas that French Excel does not split. Put the mixin first in an
IndexView's bases, set `list_export` on the viewset and, for health fields, `colonnes_sante`
on the view: only the Éducation group gets those."""

from __future__ import annotations

import csv
from collections import OrderedDict

from django.core.exceptions import ObjectDoesNotExist
from wagtail.admin.views.mixins import Echo
from wagtail.coreutils import multigetattr

from .acces import voit_sante

# A spreadsheet runs a cell starting with these as a formula (CSV/formula injection).
DEBUTS_DANGEREUX = ("=", "+", "-", "@", "\t", "\r")


def neutraliser(valeur):
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DANGEREUX):
        return "'" + valeur
    return valeur


class ExportSecuriseMixin:
    colonnes_sante: tuple[str, ...] = ()  # kept only for the Éducation group

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.colonnes_sante and not voit_sante(request.user):
            self.list_export = [f for f in self.list_export if f not in self.colonnes_sante]

    def to_row_dict(self, item):
        # A child without a class or a fiche santé yet gives an empty cell, not a crash.
        return OrderedDict((field, self._valeur(item, field)) for field in self.list_export)

    @staticmethod
    def _valeur(item, field):
        try:
            return multigetattr(item, field)
        except (AttributeError, ObjectDoesNotExist):
            return None

    def preprocess_field_value(self, field, value, export_format):
        return neutraliser(super().preprocess_field_value(field, value, export_format))

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        entetes = {f: neutraliser(self.get_heading(queryset, f)) for f in self.list_export}
        yield "\ufeff".encode() + writer.writerow(entetes)
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))
