"""Admin forms of the content: the Wagtail admin's login form, in French down to the password
label (Wagtail leaves it unlabelled, so Django shows the English field name « Password »); the
legal pages' form, whose « modification mineure » starts unticked at each edit."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.auth import LoginForm


class ConnexionAdminForm(LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Identifiant"
        self.fields["password"].label = "Mot de passe"
        self.fields["password"].widget.attrs["placeholder"] = "Saisissez votre mot de passe"


class LegalPageForm(WagtailAdminPageForm):
    """« Modification mineure » is decided for the version being published, never inherited
    from the previous one (else a later real change would silently not be asked again)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["modification_mineure"] = False
