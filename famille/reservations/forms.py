"""The parent's booking forms: the ticked days of the calendar and the « semaine type ». They
check the shape of what was sent (ids of this family and period, dates inside it, a bounded
number of days); whether a day may be booked is the services' decision, never the form's."""

from __future__ import annotations

import datetime

from django import forms

from .presentation import date_longue

JOURS_SEMAINE = [(1, "lundi"), (2, "mardi"), (3, "mercredi"), (4, "jeudi"), (5, "vendredi")]
RYTHMES = [
    ("toutes", "Toutes les semaines"),
    ("paires", "Les semaines paires"),
    ("impaires", "Les semaines impaires"),
    ("une_sur_deux", "Une semaine sur deux, à partir de la première"),
]


class DemandeInvalide(Exception):
    """A ticked value names a child or service of no concern to this family: a 404."""


def lire_cases(
    valeurs: list[str], *, enfants: set[int], prestations: set[int], periode, maximum: int
) -> tuple[set[tuple[int, int, datetime.date]], list[str]]:
    """Parse the ticked values « enfant.prestation.AAAA-MM-JJ ». Returns the triples and the
    errors to show (then nothing is to be saved). Raises DemandeInvalide for a foreign id."""
    if len(valeurs) > maximum:
        return set(), [
            f"Vous avez envoyé {len(valeurs)} jours : c'est plus que cette période n'en compte "
            f"({maximum} au plus). Rien n'a été enregistré."
        ]
    cases: set[tuple[int, int, datetime.date]] = set()
    erreurs: list[str] = []
    for valeur in valeurs:
        try:
            enfant, prestation, texte = valeur.split(".", 2)
            enfant_id, prestation_id = int(enfant), int(prestation)
            jour = datetime.date.fromisoformat(texte)
        except ValueError:
            erreurs.append(f"« {valeur[:40]} » n'est pas un jour valide. Rien n'a été enregistré.")
            continue
        if enfant_id not in enfants or prestation_id not in prestations:
            raise DemandeInvalide(valeur)
        if not periode.debut <= jour <= periode.fin:
            erreurs.append(
                f"Le {date_longue(jour)} est en dehors de la période « {periode.nom} » "
                f"(du {date_longue(periode.debut)} au {date_longue(periode.fin)}). "
                "Rien n'a été enregistré."
            )
            continue
        cases.add((enfant_id, prestation_id, jour))
    return cases, erreurs


class SemaineTypeForm(forms.Form):
    """Services × weekdays, a rhythm, one child or several (« même chose pour ses frères et
    sœurs »). The service-weekday boxes are read by the view from the « semaine » field."""

    enfants = forms.TypedMultipleChoiceField(
        label="Pour quels enfants ?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez plusieurs enfants pour faire la même chose pour ses frères et sœurs.",
        error_messages={"required": "Cochez au moins un enfant."},
    )
    semaine = forms.MultipleChoiceField(
        label="Services et jours",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un service un jour de la semaine."},
    )
    rythme = forms.ChoiceField(
        label="Quelles semaines ?", choices=RYTHMES, initial="toutes", widget=forms.RadioSelect
    )
    depuis = forms.DateField(
        label="À partir du (facultatif)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Laissez vide pour toute la période.",
    )

    def __init__(self, *args, enfants, prestations, periode, **kwargs):
        super().__init__(*args, **kwargs)
        self.periode = periode
        self.prestations = list(prestations)
        self.fields["enfants"].choices = [(e.pk, e.prenom) for e in enfants]
        self.fields["semaine"].choices = [
            (f"{p.pk}.{numero}", f"{p.nom} le {nom}")
            for p in self.prestations
            for numero, nom in JOURS_SEMAINE
            if str(numero) in p.jours.split(",")
        ]

    def lignes_semaine(self) -> list[tuple[object, list[tuple[int, str, str | None]]]]:
        """For the template: per service, the weekdays with the box's value (None: closed)."""
        ouverts = {valeur for valeur, _ in self.fields["semaine"].choices}
        coches = set(self["semaine"].value() or [])
        return [
            (
                p,
                [
                    (numero, nom, f"{p.pk}.{numero}", f"{p.pk}.{numero}" in coches)
                    if f"{p.pk}.{numero}" in ouverts
                    else (numero, nom, None, False)
                    for numero, nom in JOURS_SEMAINE
                ],
            )
            for p in self.prestations
        ]

    def clean_depuis(self):
        depuis = self.cleaned_data.get("depuis")
        if depuis and not self.periode.debut <= depuis <= self.periode.fin:
            raise forms.ValidationError(
                f"Choisissez un jour de la période, entre le {date_longue(self.periode.debut)} "
                f"et le {date_longue(self.periode.fin)}."
            )
        return depuis

    def semaine_par_prestation(self) -> dict[int, set[int]]:
        semaine: dict[int, set[int]] = {}
        for valeur in self.cleaned_data["semaine"]:
            prestation_id, jour = valeur.split(".")
            semaine.setdefault(int(prestation_id), set()).add(int(jour))
        return semaine
