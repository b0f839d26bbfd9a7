"""Forms of the import steps: upload, header mapping, confirmation; and the export filters."""

from __future__ import annotations

from django import forms

from .champs import Champ
from .lecture import TAILLE_MAX


class TeleversementForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier à importer",
        help_text="CSV (séparateur point-virgule ou virgule) ou Excel .xlsx, 10 Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX:
            raise forms.ValidationError(
                f"Le fichier fait {fichier.size / 1024 / 1024:.1f} Mo : la taille maximale est "
                "de 10 Mo."
            )
        return fichier


IGNORER = ""


class CorrespondanceForm(forms.Form):
    """One choice per expected field: which of the file's headers holds it."""

    def __init__(self, *args, champs: list[Champ], entetes: list[str], initial_map=None, **kw):
        super().__init__(*args, **kw)
        self.champs = champs
        choix = [(IGNORER, "— absente du fichier —")] + [(e, e) for e in entetes if e]
        for champ in champs:
            self.fields[champ.cle] = forms.ChoiceField(
                label=champ.libelle + (" (obligatoire)" if champ.obligatoire else ""),
                choices=choix,
                required=False,
                initial=(initial_map or {}).get(champ.cle, IGNORER),
                help_text=champ.aide,
            )

    def clean(self):
        donnees = super().clean()
        vus: dict[str, str] = {}
        for champ in self.champs:
            entete = donnees.get(champ.cle)
            if not entete:
                if champ.obligatoire:
                    self.add_error(
                        champ.cle,
                        f"Choisissez la colonne du fichier qui contient « {champ.libelle} ».",
                    )
                continue
            if entete in vus:
                self.add_error(
                    champ.cle,
                    f"La colonne « {entete} » est déjà associée à « {vus[entete]} ».",
                )
            vus[entete] = champ.libelle
        return donnees

    def correspondance(self) -> dict[str, str]:
        return {
            c.cle: self.cleaned_data[c.cle] for c in self.champs if self.cleaned_data.get(c.cle)
        }


class ConfirmationForm(forms.Form):
    seulement_valides = forms.BooleanField(
        label="Importer seulement les lignes valides",
        required=False,
        help_text="Les lignes en erreur sont ignorées ; corrigez-les puis importez-les plus tard.",
    )
