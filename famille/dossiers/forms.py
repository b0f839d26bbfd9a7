"""Forms of the fiches of the Dossier Famille (rendered with crispy-forms: required fields get
the asterisk the memo speaks of)."""

from __future__ import annotations

import re

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone

from famille.comptes import chiffres

from .models import (
    Assurance,
    Autorisation,
    Campagne,
    Contact,
    Enfant,
    FicheSante,
    Foyer,
    ResponsableLegal,
)
from .services.campagne import couvre_annee, message_couverture
from .services.historique import (
    CHAMPS_ASSURANCE,
    CHAMPS_AUTORISATION,
    CHAMPS_CONTACT,
    CHAMPS_FOYER,
    CHAMPS_RESPONSABLE,
    CHAMPS_SANTE,
)

TELEPHONE = re.compile(r"^\+?[0-9 .\-()]{10,20}$")
# Rows a family may send at once (issue 8.4: 2,000 rows held a worker 30 s). Beyond, the
# formset is refused with Django's French « Veuillez soumettre au plus N formulaires. »
RESPONSABLES_MAX = 6
CONTACTS_MAX = 10
MESSAGE_TELEPHONE = "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78."


def champ_date(label: str, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        **kwargs,
    )


def _en_booleen(valeur) -> bool | None:
    if valeur in (True, "True", "oui"):
        return True
    if valeur in (False, "False", "non"):
        return False
    return None


class OuiNonField(forms.TypedChoiceField):
    """A yes/no question answered explicitly: an unticked box cannot tell « non » from
    « pas répondu », and consents must be explicit."""

    def __init__(self, label: str, **kwargs) -> None:
        kwargs.setdefault("required", True)
        kwargs.setdefault(
            "error_messages", {"required": "Répondez par oui ou par non à cette question."}
        )
        super().__init__(
            label=label,
            choices=[(True, "Oui"), (False, "Non")],
            coerce=_en_booleen,
            empty_value=None,
            widget=forms.RadioSelect,
            **kwargs,
        )


class FicheForm(forms.ModelForm):
    """Base of the fiche forms: the memo's wording for a required field left empty."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            if not isinstance(champ, OuiNonField):
                champ.error_messages["required"] = "Ce champ est à renseigner."


def telephone(champ: forms.Field) -> None:
    champ.widget.input_type = "tel"
    champ.widget.attrs.setdefault("autocomplete", "tel")


def verifier_telephone(valeur: str) -> str:
    valeur = valeur.strip()
    if valeur and not TELEPHONE.match(valeur):
        if chiffres.autres_chiffres(valeur):
            raise forms.ValidationError(f"{MESSAGE_TELEPHONE} {chiffres.MESSAGE_AUTRES_CHIFFRES}")
        raise forms.ValidationError(MESSAGE_TELEPHONE)
    return valeur


def verrouiller(verrou: set[str] | None, *formulaires) -> None:
    """Disable the fields a parent may not change now (None: all of them). Django then ignores
    whatever is posted for them."""
    for formulaire in formulaires:
        for form in getattr(formulaire, "forms", [formulaire]):
            for nom, champ in form.fields.items():
                if verrou is None or nom in verrou:
                    champ.disabled = True


def est_verrouille(verrou: set[str] | None) -> bool:
    return verrou is None


class FoyerForm(FicheForm):
    requis = ["adresse", "code_postal", "ville", "telephone", "situation", "regime"]
    reside_commune = OuiNonField("Le foyer réside dans la commune")

    class Meta:
        model = Foyer
        fields = CHAMPS_FOYER
        widgets = {"nombre_enfants": forms.NumberInput(attrs={"min": 0, "max": 20})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for nom in self.requis + ["nombre_enfants"]:
            self.fields[nom].required = True
        self.fields["adresse"].widget.attrs["autocomplete"] = "address-line1"
        self.fields["complement_adresse"].widget.attrs["autocomplete"] = "address-line2"
        self.fields["code_postal"].widget.attrs.update(
            autocomplete="postal-code", inputmode="numeric"
        )
        self.fields["ville"].widget.attrs["autocomplete"] = "address-level2"
        for nom in ("telephone", "telephone_secours"):
            telephone(self.fields[nom])
        self.fields["numero_allocataire"].help_text = "Obligatoire pour la CAF et la MSA."

    def clean_code_postal(self) -> str:
        # 0–9 only: « ٣٣٦١٠ » (Arabic-Indic digits) is no French postcode (comptes/chiffres.py).
        return chiffres.code_postal(self.cleaned_data["code_postal"])

    def clean_telephone(self) -> str:
        return verifier_telephone(self.cleaned_data["telephone"])

    def clean_telephone_secours(self) -> str:
        return verifier_telephone(self.cleaned_data["telephone_secours"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("regime") in (Foyer.Regime.CAF, Foyer.Regime.MSA) and not cleaned.get(
            "numero_allocataire"
        ):
            self.add_error(
                "numero_allocataire",
                "Indiquez votre numéro d'allocataire CAF ou MSA.",
            )
        return cleaned


class ResponsableForm(FicheForm):
    class Meta:
        model = ResponsableLegal
        fields = CHAMPS_RESPONSABLE
        widgets = {"enfants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, foyer: Foyer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only this foyer's children: a separated parent never sees the other foyer's links.
        self.fields["enfants"].queryset = Enfant.objects.filter(gardes__foyer=foyer).distinct()
        self.fields["enfants"].label = "Responsable légal de"
        self.fields["telephone"].required = True
        telephone(self.fields["telephone"])
        telephone(self.fields["telephone_travail"])

    def clean_telephone(self) -> str:
        return verifier_telephone(self.cleaned_data["telephone"])

    def clean_telephone_travail(self) -> str:
        return verifier_telephone(self.cleaned_data["telephone_travail"])


class _ResponsablesBase(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        restants = [
            f
            for f in self.forms
            if f.has_changed() or f.instance.pk
            if not (self.can_delete and self._should_delete_form(f))
        ]
        if not restants:
            raise forms.ValidationError("Indiquez au moins un responsable légal.")


ResponsableFormSet = inlineformset_factory(
    Foyer,
    ResponsableLegal,
    form=ResponsableForm,
    formset=_ResponsablesBase,
    extra=1,
    can_delete=True,
    max_num=RESPONSABLES_MAX,
    absolute_max=RESPONSABLES_MAX,
    validate_max=True,
)


class ContactForm(FicheForm):
    class Meta:
        model = Contact
        fields = CHAMPS_CONTACT

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["telephone"].widget.attrs["autocomplete"] = "off"
        telephone(self.fields["telephone"])

    def clean_telephone(self) -> str:
        return verifier_telephone(self.cleaned_data["telephone"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("appeler_en_urgence") and not cleaned.get("peut_recuperer"):
            self.add_error(
                "peut_recuperer",
                "Cochez au moins une case : à appeler en cas d'urgence ou autorisé à "
                "récupérer l'enfant.",
            )
        return cleaned


class _ContactsBase(forms.BaseInlineFormSet):
    """`existants`: the child's contacts already read (the contacts page reads those of all
    the children in one query, issue 15.6), in the model's order; else the formset reads them."""

    def __init__(self, *args, existants: list[Contact] | None = None, **kwargs) -> None:
        self._existants = existants
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        if self._existants is not None:
            return self._existants
        return super().get_queryset()


ContactFormSet = inlineformset_factory(
    Enfant,
    Contact,
    form=ContactForm,
    formset=_ContactsBase,
    extra=1,
    can_delete=True,
    max_num=CONTACTS_MAX,
    absolute_max=CONTACTS_MAX,
    validate_max=True,
)


class AssuranceForm(FicheForm):
    debut = champ_date("Valable du")
    fin = champ_date("Valable jusqu'au")

    class Meta:
        model = Assurance
        fields = CHAMPS_ASSURANCE

    def __init__(self, *args, foyer: Foyer, campagne: Campagne, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.foyer = foyer
        self.instance.campagne = campagne
        self.campagne = campagne
        self.fields["numero_contrat"].label = "Numéro de contrat"

    def clean(self) -> dict:
        cleaned = super().clean()
        debut, fin = cleaned.get("debut"), cleaned.get("fin")
        if debut and fin:
            if fin < debut:
                self.add_error("fin", "La date de fin doit suivre la date de début.")
            elif not couvre_annee(debut, fin, self.campagne):
                champ = "debut" if debut > self.campagne.rentree else "fin"
                self.add_error(champ, message_couverture(self.campagne))
        return cleaned


class AutorisationForm(FicheForm):
    photo_video = OuiNonField(
        "J'autorise les photos et vidéos de mon enfant dans le cadre des activités"
    )
    sortie_seul = OuiNonField("J'autorise mon enfant à quitter seul l'accueil")
    heure_sortie_seul = forms.TimeField(
        label="À partir de (heure)",
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        help_text="Obligatoire si votre enfant peut quitter seul l'accueil.",
    )
    transport_sorties = OuiNonField(
        "J'autorise le transport de mon enfant (car, transports en commun) pour les sorties"
    )
    soins_urgence = OuiNonField(
        "J'autorise les soins d'urgence et l'hospitalisation de mon enfant si nécessaire"
    )

    class Meta:
        model = Autorisation
        fields = CHAMPS_AUTORISATION

    def __init__(self, *args, enfant: Enfant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.enfant = enfant

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("sortie_seul") and not cleaned.get("heure_sortie_seul"):
            self.add_error(
                "heure_sortie_seul",
                "Indiquez l'heure à partir de laquelle votre enfant peut quitter seul l'accueil.",
            )
        if cleaned.get("sortie_seul") is False:
            cleaned["heure_sortie_seul"] = None
        return cleaned


class FicheSanteForm(FicheForm):
    vaccin_dtp_date = champ_date(
        "Date du dernier rappel DT-Polio",
        required=False,
        help_text="Sinon, déposez les pages du carnet de santé dans les pièces justificatives.",
    )
    pai = OuiNonField(
        "Mon enfant a un projet d'accueil individualisé (PAI)",
        help_text="En cas de PAI, déposez le certificat médical et une photo de votre enfant "
        "dans les pièces justificatives.",
    )
    besoins_particuliers = OuiNonField(
        "Mon enfant a des besoins particuliers (handicap, accompagnement)",
        help_text="Sans préciser la nature du handicap : indiquez seulement les adaptations "
        "utiles à l'équipe.",
    )

    class Meta:
        model = FicheSante
        fields = CHAMPS_SANTE
        widgets = {
            "regime": forms.RadioSelect,
            "vaccinations": forms.Textarea(attrs={"rows": 2}),
            "allergies": forms.Textarea(attrs={"rows": 2}),
            "adaptations": forms.Textarea(attrs={"rows": 2}),
            "remarques": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, enfant: Enfant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.enfant = enfant
        self.fields["medecin_nom"].required = True
        self.fields["medecin_nom"].help_text = "Nom du médecin traitant."
        telephone(self.fields["medecin_telephone"])
        self.fields["allergies"].help_text = "Alimentaires, médicamenteuses ou autres."
        self.fields["regime"].label = "Régime alimentaire"

    def clean_medecin_telephone(self) -> str:
        return verifier_telephone(self.cleaned_data["medecin_telephone"])

    def clean_vaccin_dtp_date(self):
        date = self.cleaned_data["vaccin_dtp_date"]
        if date is None:
            return date
        if date > timezone.localdate():
            raise forms.ValidationError("La date du dernier rappel ne peut pas être dans le futur.")
        naissance = self.instance.enfant.date_naissance
        if naissance and date < naissance:
            raise forms.ValidationError(
                "La date du dernier rappel ne peut pas précéder la naissance de l'enfant."
            )
        return date
