"""The Wagtail admin's login form, in French down to the password label (Wagtail leaves it
unlabelled, so Django shows the English field name « Password »)."""

from __future__ import annotations

from wagtail.admin.forms.auth import LoginForm


class ConnexionAdminForm(LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Identifiant"
        self.fields["password"].label = "Mot de passe"
        self.fields["password"].widget.attrs["placeholder"] = "Saisissez votre mot de passe"
