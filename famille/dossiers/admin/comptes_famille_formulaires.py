"""Forms of the Comptes famille admin: a new account, the second parent's account, letters,
the Foyer edit form with its titulaire."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from wagtail.admin.forms import WagtailAdminModelForm

from famille.comptes.adresses import adresses_actuelles, analyser_emails, changer_emails
from famille.comptes.models import EMAILS_MAX, Structure

from ..models import Foyer, Garde
from ..services.comptes_famille import RegleGarde, parser_periodes
from .widgets import JOURS

CHAMPS_FOYER = [
    "adresse",
    "complement_adresse",
    "code_postal",
    "ville",
    "telephone",
    "telephone_secours",
    "dossier_papier",
]


class ErreursDuServiceMixin:
    """Put a service's ValidationError next to the field it names, or on top of the form."""

    def ajouter_erreurs(self, erreur: ValidationError) -> None:
        if hasattr(erreur, "error_dict"):
            for champ, messages in erreur.message_dict.items():
                self.add_error(champ if champ in self.fields else None, messages)
        else:
            self.add_error(None, erreur.messages)


class CompteFamilleForm(ErreursDuServiceMixin, forms.Form):
    identifiant = forms.CharField(
        label="Identifiant",
        max_length=30,
        help_text="Le numéro de famille, par exemple F1234. Les majuscules ne comptent pas.",
    )
    prenom = forms.CharField(label="Prénom du titulaire", max_length=150)
    nom = forms.CharField(label="Nom du titulaire", max_length=150)
    emails = forms.CharField(
        label="Adresses e-mail",
        required=False,
        max_length=EMAILS_MAX,
        help_text="Plusieurs adresses séparées par un point-virgule ; "
        "la première sert au paiement par carte.",
    )
    structures = forms.ModelMultipleChoiceField(
        label="Structures",
        queryset=Structure.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Les structures dont la famille utilise les services.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Foyer, fields=CHAMPS_FOYER))

    def arguments_du_service(self) -> dict:
        donnees = dict(self.cleaned_data)
        return {
            "identifiant": donnees.pop("identifiant"),
            "prenom": donnees.pop("prenom"),
            "nom": donnees.pop("nom"),
            "emails": donnees.pop("emails"),
            "structures": list(donnees.pop("structures")),
            **donnees,
        }


def _champs_garde(qui: str) -> dict[str, forms.Field]:
    return {
        f"regle_{qui}": forms.ChoiceField(
            label="Règle de garde", choices=Garde.Regle.choices, initial=Garde.Regle.TOUJOURS
        ),
        f"jours_{qui}": forms.TypedMultipleChoiceField(
            label="Jours de garde",
            choices=JOURS,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Pour la règle « Certains jours de la semaine ».",
        ),
        f"periodes_{qui}": forms.CharField(
            label="Périodes de garde",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Pour la règle « Périodes datées » : une période par ligne, "
            "par exemple « 01/09/2026 - 15/09/2026 ».",
        ),
    }


class SecondParentForm(CompteFamilleForm):
    """The other parent: own identifiant, name, e-mails and address; a custody rule for each
    parent, applied to every child of the family."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prenom"].label = "Prénom du second parent"
        self.fields["nom"].label = "Nom du second parent"
        self.fields.update(_champs_garde("second"))
        self.fields.update(_champs_garde("premier"))
        for qui, libelle in (("second", "du second parent"), ("premier", "du premier compte")):
            self.fields[f"regle_{qui}"].label = f"Garde {libelle}"

    def clean(self) -> dict:
        donnees = super().clean()
        for qui in ("second", "premier"):
            regle = donnees.get(f"regle_{qui}")
            try:
                donnees[f"periodes_{qui}"] = parser_periodes(donnees.get(f"periodes_{qui}") or "")
            except ValidationError as erreur:
                self.add_error(f"periodes_{qui}", erreur.messages)
                continue
            if regle == Garde.Regle.JOURS and not donnees.get(f"jours_{qui}"):
                self.add_error(f"jours_{qui}", "Cochez au moins un jour de garde.")
            if regle == Garde.Regle.PERIODES and not donnees[f"periodes_{qui}"]:
                self.add_error(f"periodes_{qui}", "Indiquez au moins une période de garde.")
        return donnees

    def arguments_du_service(self) -> dict:
        donnees = dict(self.cleaned_data)
        regles = {}
        for qui in ("second", "premier"):
            regles[f"garde_{qui}"] = RegleGarde(
                regle=donnees.pop(f"regle_{qui}"),
                jours=tuple(donnees.pop(f"jours_{qui}") or ()),
                periodes=tuple(donnees.pop(f"periodes_{qui}") or ()),
            )
        self.cleaned_data = donnees
        return {**super().arguments_du_service(), **regles}


class CourriersForm(forms.Form):
    MODES = [
        ("pdf", "Imprimer les courriers (un PDF, une page par famille)"),
        ("email", "Envoyer les identifiants par e-mail"),
    ]
    mode = forms.ChoiceField(
        label="Remise des identifiants",
        choices=MODES,
        initial="pdf",
        widget=forms.RadioSelect,
        help_text="Un nouveau mot de passe provisoire est créé pour chaque famille : "
        "l'ancien ne fonctionne plus.",
    )


class FoyerAdminForm(WagtailAdminModelForm):
    """The Foyer edit form of the admin, with the titulaire's name and e-mails: the e-mails are
    checked by the same function as the parent's profile (famille/comptes/adresses.py)."""

    prenom_titulaire = forms.CharField(label="Prénom du titulaire", max_length=150)
    nom_titulaire = forms.CharField(label="Nom du titulaire", max_length=150)
    emails_titulaire = forms.CharField(
        label="Adresses e-mail du titulaire",
        required=False,
        max_length=EMAILS_MAX,
        help_text="Plusieurs adresses séparées par un point-virgule ; "
        "la première sert au paiement par carte.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        titulaire = self.instance.titulaire if self.instance.titulaire_id else None
        if titulaire is not None:
            self.initial.setdefault("prenom_titulaire", titulaire.first_name)
            self.initial.setdefault("nom_titulaire", titulaire.last_name)
            self.initial.setdefault("emails_titulaire", "; ".join(adresses_actuelles(titulaire)))
        for nom in ("prenom_titulaire", "nom_titulaire"):
            self.fields[nom].error_messages["required"] = "Ce champ est à renseigner."

    def clean_emails_titulaire(self) -> list[str]:
        texte = self.cleaned_data["emails_titulaire"]
        titulaire = self.instance.titulaire if self.instance.titulaire_id else None
        # A family without e-mail (paper dossier) may stay without; one that has addresses
        # keeps at least one (analyser_emails says so).
        if not texte.strip() and (titulaire is None or not adresses_actuelles(titulaire)):
            return []
        return analyser_emails(texte)

    def enregistrer_titulaire(self, request) -> dict[str, list[str]]:
        """Save the titulaire's name and e-mails; return what changed, as the history reads
        it ({label: [before, after]})."""
        titulaire = self.instance.titulaire
        changements: dict[str, list[str]] = {}
        for champ, attribut in (("prenom_titulaire", "first_name"), ("nom_titulaire", "last_name")):
            avant, apres = getattr(titulaire, attribut), self.cleaned_data[champ].strip()
            if avant != apres:
                changements[str(self.fields[champ].label)] = [avant, apres]
                setattr(titulaire, attribut, apres)
        if changements:
            titulaire.save(update_fields=["first_name", "last_name"])
        anciennes = adresses_actuelles(titulaire)
        nouvelles = self.cleaned_data["emails_titulaire"]
        if changer_emails(titulaire, nouvelles, request=request, auteur=request.user):
            changements[str(self.fields["emails_titulaire"].label)] = [
                "; ".join(anciennes),
                "; ".join(nouvelles),
            ]
        return changements
