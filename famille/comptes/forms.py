from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from .models import Compte


class ConnexionForm(AuthenticationForm):
    username = forms.CharField(
        label="Identifiant",
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": (
            "Identifiant ou mot de passe incorrect. Vérifiez votre saisie ou cliquez sur "
            "« Réinitialiser votre mot de passe »."
        ),
        "inactive": "Ce compte est désactivé. Contactez le service Éducation.",
    }


class NouveauMotDePasseForm(forms.Form):
    """Choose a personal password: the rules are shown on the page and each broken one named."""

    nouveau_mot_de_passe = forms.CharField(
        label="Nouveau mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirmation = forms.CharField(
        label="Confirmez le mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, compte: Compte, *args, **kwargs) -> None:
        self.compte = compte
        super().__init__(*args, **kwargs)

    def clean_nouveau_mot_de_passe(self) -> str:
        mot_de_passe = self.cleaned_data["nouveau_mot_de_passe"]
        password_validation.validate_password(mot_de_passe, self.compte)
        return mot_de_passe

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            cleaned.get("nouveau_mot_de_passe")
            and cleaned.get("confirmation") is not None
            and cleaned["nouveau_mot_de_passe"] != cleaned["confirmation"]
        ):
            self.add_error("confirmation", "Les deux mots de passe ne sont pas identiques.")
        return cleaned


class ChangementMotDePasseForm(NouveauMotDePasseForm):
    ancien_mot_de_passe = forms.CharField(
        label="Mot de passe actuel",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["ancien_mot_de_passe", "nouveau_mot_de_passe", "confirmation"]

    def clean_ancien_mot_de_passe(self) -> str:
        ancien = self.cleaned_data["ancien_mot_de_passe"]
        if not self.compte.check_password(ancien):
            raise forms.ValidationError("Le mot de passe actuel est incorrect.")
        return ancien


class ConsentementsForm(forms.Form):
    """One tick box per document to accept (RGPD, CGU); all must be ticked."""

    def __init__(self, documents, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.documents = documents
        for document in documents:
            self.fields[document.document] = forms.BooleanField(
                label=f"J'ai pris connaissance du document « {document.page.title} »",
                required=True,
                error_messages={
                    "required": f"Cochez la case pour indiquer que vous avez lu « {document.page.title} »."
                },
            )
