"""Wagtail form pages: requests to the Education service (the second parent's account, a
paper dossier, a question), built by staff in the admin, answers e-mailed to the service."""

from __future__ import annotations

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

TEXTE = ["bold", "italic", "link", "ol", "ul"]


class ChampDemande(AbstractFormField):
    page = ParentalKey("DemandePage", on_delete=models.CASCADE, related_name="champs")


class DemandePage(AbstractEmailForm):
    """A request form whose answers are e-mailed to the Education service. Without an
    explicit recipient, the answers go to the service's address of « contact et guide »."""

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
        InlinePanel("champs", label="champ du formulaire", heading="Champs du formulaire"),
        FieldPanel("message_merci"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Envoi des réponses par e-mail",
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

    def destinataires(self) -> list[str]:
        adresses = [a.strip() for a in (self.to_address or "").split(",") if a.strip()]
        if not adresses:
            from home.models import ParametresPortail

            email = ParametresPortail.load().email
            adresses = [email] if email else []
        return adresses

    def process_form_submission(self, form):
        submission = self.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=self
        )
        destinataires = self.destinataires()
        if destinataires:
            self.to_address = ",".join(destinataires)
            self.send_mail(form)
        return submission
