"""Answers to the request forms hold parents' personal data: in the admin, only the Education
service (and superusers) read them, not communications staff who edit the form pages."""

from __future__ import annotations

from wagtail import hooks
from wagtail.models import Page

from famille.comptes.acces import lit_demandes

from .models import DemandePage


@hooks.register("filter_form_submissions_for_user")
def reponses_reservees_au_service_education(user, formulaires):
    if lit_demandes(user):
        return Page.objects.type(DemandePage)
    return formulaires.none()
