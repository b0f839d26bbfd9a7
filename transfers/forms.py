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


class EcolesInconnuesForm(forms.Form):
    """For each school or class name of the file the portal does not know: create it, or say
    which existing one it is. Left blank, its rows stay in error."""

    def __init__(self, *args, inconnus: dict, **kw):
        from famille.comptes.models import Structure
        from famille.dossiers.models import Classe, Ecole

        from .services.ecoles import CREER

        super().__init__(*args, **kw)
        self.inconnus = inconnus
        ecoles = [(str(e.pk), f"C'est l'école « {e.nom} »") for e in Ecole.objects.all()]
        for i, ecole in enumerate(inconnus.get("ecoles", [])):
            creer = "Créer l'école"
            if ecole["classes"]:
                creer += f" et ses classes ({', '.join(ecole['classes'])})"
            self.fields[f"ecole_{i}"] = forms.ChoiceField(
                label=f"École « {ecole['nom']} » du fichier",
                choices=[("", "— à décider plus tard —"), (CREER, creer), *ecoles],
                required=False,
            )
        for j, classe in enumerate(inconnus.get("classes", [])):
            existantes = Classe.objects.filter(ecole_id=classe["ecole"])
            self.fields[f"classe_{j}"] = forms.ChoiceField(
                label=f"Classe « {classe['nom']} » de l'école « {classe['ecole_nom']} »",
                choices=[
                    ("", "— à décider plus tard —"),
                    (CREER, "Créer la classe"),
                    *[(str(c.pk), f"C'est la classe « {c.nom} »") for c in existantes],
                ],
                required=False,
            )
        structures = Structure.objects.all()
        if inconnus.get("ecoles") and structures.count() > 1:
            self.fields["structure"] = forms.ModelChoiceField(
                label="Structure des écoles créées", queryset=structures, required=False
            )
        self.structure_unique = structures.first() if structures.count() == 1 else None

    def clean(self):
        donnees = super().clean()
        for nom, champ in self.fields.items():
            # A name is one school: two answers for one name (a tampered or double-submitted
            # form) are refused rather than one of them silently kept.
            if hasattr(self.data, "getlist") and len(self.data.getlist(nom)) > 1:
                genre = "une seule école" if nom.startswith("ecole") else "une seule classe"
                self.add_error(
                    nom, f"{champ.label} ne peut correspondre qu'à {genre} : choisissez-en une."
                )
        from .services.ecoles import CREER

        cree = any(
            donnees.get(f"ecole_{i}") == CREER for i in range(len(self.inconnus.get("ecoles", [])))
        )
        if cree and not (donnees.get("structure") or self.structure_unique):
            self.add_error("structure", "Choisissez la structure des écoles à créer.")
        if not any(donnees.get(n) for n in self.fields if n != "structure"):
            raise forms.ValidationError("Choisissez quoi faire d'au moins une école ou classe.")
        return donnees

    def choix(self) -> tuple[dict, dict, object]:
        d = self.cleaned_data
        ecoles = {
            e["nom"]: (d[f"ecole_{i}"], e["classes"])
            for i, e in enumerate(self.inconnus.get("ecoles", []))
            if d.get(f"ecole_{i}")
        }
        classes = {
            (c["ecole"], c["nom"]): d[f"classe_{j}"]
            for j, c in enumerate(self.inconnus.get("classes", []))
            if d.get(f"classe_{j}")
        }
        return ecoles, classes, d.get("structure") or self.structure_unique
