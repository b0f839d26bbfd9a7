"""The error summary of refused forms (RGAA 11.10, the GOV.UK « error summary » pattern).

Every portal page extends base.html, which shows this summary at the top of the content and
prefixes the page title with « Erreur : » whenever a bound form of the page's context was
refused, so no view has to remember it. The forms are found in the context: forms, formsets,
and lists or tuples of them (a tuple whose first item is not a form names what follows, as the
contacts page's « (enfant, formset) » pairs). portail/static/js/resume-erreurs.js moves the
focus to the summary, which brings it into view on a phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django import template
from django.contrib.messages import constants
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class Erreur:
    message: str
    cible: str  # the id of the field to go to ("" when the error belongs to no field)


def _formulaires(valeur, nom: str = "", profondeur: int = 0) -> Iterator[tuple[str, object]]:
    if isinstance(valeur, BaseForm | BaseFormSet):
        yield nom, valeur
    elif isinstance(valeur, list | tuple) and profondeur < 2:
        elements = list(valeur)
        if (
            isinstance(valeur, tuple)
            and elements
            and not isinstance(elements[0], BaseForm | BaseFormSet)
        ):
            nom, elements = str(elements[0]), elements[1:]
        for element in elements:
            yield from _formulaires(element, nom, profondeur + 1)


def _id_du_champ(lie) -> str:
    """The id to go to: radio buttons and check-box lists have none of their own (Django puts
    them in a fieldset), so their first choice."""
    if lie.id_for_label:
        return lie.id_for_label
    sous = lie.subwidgets
    return (sous[0].id_for_label if sous else "") or lie.auto_id or ""


def _premier_champ(form: BaseForm) -> str:
    champ = next((c for c in form.visible_fields() if not c.field.disabled), None)
    return _id_du_champ(champ) if champ is not None else ""


def _erreurs_du_formulaire(form: BaseForm, nom: str) -> Iterator[Erreur]:
    if not form.is_bound or not form.errors:
        return
    prefixe = f"{nom} — " if nom else ""
    for message in form.non_field_errors():
        yield Erreur(prefixe + message, _premier_champ(form))
    for champ, messages in form.errors.items():
        if champ not in form.fields:
            continue
        lie = form[champ]
        if lie.is_hidden:
            # A hidden field's error is the page's fault, not the parent's: no link to follow.
            yield from (Erreur(prefixe + str(m), "") for m in messages)
            continue
        libelle = str(lie.label).rstrip(" :")
        for message in messages:
            yield Erreur(f"{prefixe}{libelle} : {message}", _id_du_champ(lie))


def erreurs_du_contexte(context) -> list[Erreur]:
    erreurs: list[Erreur] = []
    vus: set[int] = set()
    for cle, valeur in context.flatten().items():
        if cle.startswith("_"):
            continue
        for nom, objet in _formulaires(valeur):
            if id(objet) in vus:
                continue
            vus.add(id(objet))
            if isinstance(objet, BaseFormSet):
                if not objet.is_bound:
                    continue
                premier = next(iter(objet.forms), None)
                cible = _premier_champ(premier) if premier is not None else ""
                erreurs.extend(
                    Erreur((f"{nom} — " if nom else "") + m, cible) for m in objet.non_form_errors()
                )
                for form in objet.forms:
                    erreurs.extend(_erreurs_du_formulaire(form, nom))
            else:
                erreurs.extend(_erreurs_du_formulaire(objet, nom))
    return erreurs


def _messages_d_erreur(context) -> bool:
    stockage = context.get("messages")
    if not stockage:
        return False
    # Reading the messages marks them as seen; they are shown by this same response.
    return any(m.level >= constants.ERROR for m in stockage)


@register.inclusion_tag("includes/resume_erreurs.html", takes_context=True)
def resume_erreurs(context) -> dict:
    # A page that words its own summary (the Réservations tab: refusals of the booking rules
    # besides the form's errors) says so; two summaries would be two alerts with one id.
    if context.get("resume_erreurs_local"):
        return {"erreurs": []}
    return {"erreurs": erreurs_du_contexte(context)}


@register.simple_tag(takes_context=True)
def prefixe_erreur(context) -> str:
    """« Erreur : » before the page title when a submit was refused (RGAA 8.6 / 11.10)."""
    if erreurs_du_contexte(context) or _messages_d_erreur(context):
        return "Erreur : "
    return ""
