from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import adresses
from .models import EMAILS_MAX, Compte
from .validators import valider_mot_de_passe


class ConnexionForm(AuthenticationForm):
    # CharField strips spaces; the backend ignores case: « f1004 » is « F1004 ».
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
        widget=forms.PasswordInput(
            attrs={"autocomplete": "new-password", "aria-describedby": "regles-mot-de-passe"}
        ),
        error_messages={"required": "Saisissez le nouveau mot de passe."},
    )
    confirmation = forms.CharField(
        label="Confirmez le mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Saisissez une seconde fois le nouveau mot de passe."},
    )

    def __init__(self, compte: Compte, *args, **kwargs) -> None:
        self.compte = compte
        super().__init__(*args, **kwargs)

    def clean_nouveau_mot_de_passe(self) -> str:
        mot_de_passe = self.cleaned_data["nouveau_mot_de_passe"]
        valider_mot_de_passe(mot_de_passe, self.compte)
        return mot_de_passe

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            cleaned.get("nouveau_mot_de_passe")
            and cleaned.get("confirmation") is not None
            and cleaned["nouveau_mot_de_passe"] != cleaned["confirmation"]
        ):
            self.add_error(
                "confirmation",
                "Les deux mots de passe saisis ne sont pas identiques : "
                "saisissez le même mot de passe dans les deux champs.",
            )
        return cleaned


def champ_mot_de_passe_actuel() -> forms.CharField:
    return forms.CharField(
        label="Mot de passe actuel",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Saisissez votre mot de passe actuel."},
    )


def verifier_mot_de_passe_actuel(compte: Compte, mot_de_passe: str) -> str:
    if not compte.check_password(mot_de_passe):
        raise forms.ValidationError("Le mot de passe actuel est incorrect.")
    return mot_de_passe


class ChangementMotDePasseForm(NouveauMotDePasseForm):
    ancien_mot_de_passe = champ_mot_de_passe_actuel()
    field_order = ["ancien_mot_de_passe", "nouveau_mot_de_passe", "confirmation"]

    def clean_ancien_mot_de_passe(self) -> str:
        return verifier_mot_de_passe_actuel(self.compte, self.cleaned_data["ancien_mot_de_passe"])

    def clean_nouveau_mot_de_passe(self) -> str:
        mot_de_passe = self.cleaned_data["nouveau_mot_de_passe"]
        # Without the right current password, saying whether the new one equals it would leak.
        valider_mot_de_passe(
            mot_de_passe,
            self.compte,
            comparer_a_l_actuel="ancien_mot_de_passe" in self.cleaned_data,
        )
        return mot_de_passe


class EmailsForm(forms.Form):
    """The addresses receive the password-reset links: changing them asks for the current
    password, so that a session left open on a shared computer cannot take the account."""

    emails = forms.CharField(
        label="Adresses e-mail",
        max_length=EMAILS_MAX,
        help_text="Séparez les adresses par un point-virgule (;), par exemple "
        "« prenom.nom@exemple.fr ; autre@exemple.fr ».",
        widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        error_messages={"required": "Saisissez au moins une adresse e-mail."},
    )
    mot_de_passe_actuel = champ_mot_de_passe_actuel()

    def __init__(self, compte: Compte, *args, **kwargs) -> None:
        self.compte = compte
        super().__init__(*args, **kwargs)

    def clean_emails(self) -> list[str]:
        return adresses.analyser_emails(self.cleaned_data["emails"])

    def clean_mot_de_passe_actuel(self) -> str:
        return verifier_mot_de_passe_actuel(self.compte, self.cleaned_data["mot_de_passe_actuel"])


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

    def champs_et_documents(self):
        return [(self[d.document], d) for d in self.documents]
