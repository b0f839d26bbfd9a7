"""Wagtail form pages: requests to the Education service (the second parent's account, a
paper dossier, a question), built by staff in the admin, answers e-mailed to the service.

The answers carry family data (names, children, custody): where they are e-mailed is not the
form page's business. Communication builds and publishes the pages, but the recipients come
from the setting « Destinataires des demandes », which only the Éducation group edits
(issue 8.3); a page's own `to_address` is dropped on every save, whoever posts it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField

from famille.comptes.admin_ui import PanneauEnLigne

TEXTE = ["bold", "italic", "link", "ol", "ul"]


def adresses(texte: str) -> list[str]:
    """The addresses of a list separated by commas or « ; » (as the memo writes them)."""
    return [a.strip() for a in (texte or "").replace(";", ",").split(",") if a.strip()]


def valider_adresses(texte: str) -> None:
    for adresse in adresses(texte):
        try:
            validate_email(adresse)
        except ValidationError:
            raise ValidationError(
                f"« {adresse} » n'est pas une adresse e-mail valide.", code="invalid"
            ) from None


@register_setting(icon="mail")
class DestinatairesDemandes(BaseGenericSetting):
    """Who receives the answers of the request forms: set by the Éducation group only (its
    permission in famille/comptes/roles.py), never by who edits the pages."""

    emails = models.CharField(
        "adresses qui reçoivent les demandes",
        max_length=500,
        blank=True,
        validators=[valider_adresses],
        help_text="Le service Éducation. Plusieurs adresses : séparez-les par « ; ».",
    )

    panels = [FieldPanel("emails")]

    class Meta:
        verbose_name = "destinataires des demandes"


class ChampDemande(AbstractFormField):
    page = ParentalKey("DemandePage", on_delete=models.CASCADE, related_name="champs")


class DemandePage(AbstractEmailForm):
    """A request form whose answers are e-mailed to the Education service, at the addresses of
    the setting « Destinataires des demandes » (see the module docstring)."""

    introduction = RichTextField("introduction", blank=True, features=TEXTE)
    message_merci = RichTextField(
        "message après l'envoi",
        blank=True,
        features=TEXTE,
        default="<p>Votre demande a bien été envoyée au service Éducation, qui vous répondra.</p>",
    )

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("introduction"),
        PanneauEnLigne(
            "champs",
            label="champ du formulaire",
            heading="Champs du formulaire",
            ajouter="Ajouter un champ",
        ),
        FieldPanel("message_merci"),
        MultiFieldPanel(
            [
                FieldPanel("from_address"),
                FieldPanel("subject"),
            ],
            heading="Envoi des réponses par e-mail",
            help_text="Les réponses partent aux adresses choisies par le service Éducation "
            "(Paramètres › Destinataires des demandes).",
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    template = "forms/demande_page.html"
    landing_page_template = "forms/demande_page_merci.html"

    class Meta:
        verbose_name = "formulaire de demande"
        verbose_name_plural = "formulaires de demande"

    def get_form_fields(self):
        return self.champs.all()

    def clean(self):
        super().clean()
        # Server-side, not only out of the panels: a posted to_address is never kept.
        self.to_address = ""

    def destinataires(self) -> list[str]:
        return adresses(DestinatairesDemandes.load().emails)

    def process_form_submission(self, form):
        submission = self.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=self
        )
        destinataires = self.destinataires()
        if destinataires:
            self.to_address = ",".join(destinataires)
            self.send_mail(form)
        return submission
