"""The cells of the booking calendar, each rendered by one tag (issue 11.11a).

A family of three children over eight weeks has some five hundred cells: written in the
template, each cost a dozen variable lookups and tag nodes, the largest part of the page's
rendering time. The tag builds the same HTML from the cell (presentation.CaseVue) with no
query (the prestation is read with the grid) and escapes every value (format_html)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def case_du_calendrier(case, ouverte: bool) -> str:
    """One `<li>` of a day: a check box when the cell may change while the period is open, the
    prestation's name otherwise, then its state (symbol, words, reason)."""
    if case.modifiable and ouverte:
        choix = format_html(
            '<input class="form-check-input" type="checkbox" name="cases" value="{}" id="{}"{}'
            ' aria-describedby="{}-etat">'
            '<label class="form-check-label" for="{}">{}</label>',
            case.valeur,
            case.identifiant,
            " checked" if case.tenue else "",
            case.identifiant,
            case.identifiant,
            case.prestation.nom,
        )
    else:
        choix = format_html('<span class="nom-prestation">{}</span>', case.prestation.nom)
    motif = format_html(" : {}", case.motif) if case.motif else ""
    return format_html(
        '<li class="case etat-{}">{}<span class="etat" id="{}-etat"><span class="symbole"'
        ' aria-hidden="true">{}</span> {}{}</span></li>',
        str(case.etat).lower(),
        choix,
        case.identifiant,
        case.symbole,
        case.libelle,
        motif,
    )
