"""The weeks of a child in the booking calendar, rendered by one tag (issue 11.11a).

A family of three children over eight weeks has some five hundred cells: written in the
template, each cost a dozen variable lookups and tag nodes; built by format_html, still a
few lazy-string and escape calls per value. The tag writes a child's weeks (a `<details>`
per week, a fieldset per day, an `<li>` per cell, as presentation.SemaineVue, JourVue and
CaseVue hold them) with plain string operations and no query. What a cell shows besides its
ids (service name, state, symbol, reason) is escaped once per distinct combination and kept
(`_morceaux`); the ids are digits, dots and dashes (presentation.valeur_case) and need no
escaping. The markup is the one the template wrote: tests compare the page's text. The
« semaine type » form's service × weekday boxes are written the same way."""

from __future__ import annotations

import functools
from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _morceaux(
    nom: str, etat: str, symbole: str, libelle: str, motif: str, a_cocher: bool, cochee: bool
) -> tuple[str, ...]:
    """The fixed parts of a cell's HTML, between which its ids go (see _cellule). The same
    for every child and day with the same service and state: computed once per process."""
    etat_li = f'<li class="case etat-{escape(etat.lower())}">'
    texte = f"{escape(symbole)}</span> {escape(libelle)}{' : ' + escape(motif) if motif else ''}"
    fin = f'-etat"><span class="symbole" aria-hidden="true">{texte}</span></li>'
    if a_cocher:
        return (
            etat_li + '<input class="form-check-input" type="checkbox" name="cases" value="',
            '" id="',
            '"' + (" checked" if cochee else "") + ' aria-describedby="',
            '-etat"><label class="form-check-label" for="',
            f'">{escape(nom)}</label><span class="etat" id="',
            fin,
        )
    return (
        f'{etat_li}<span class="nom-prestation">{escape(nom)}</span><span class="etat" id="',
        fin,
    )


def _cellule(case, ouverte: bool) -> str:
    """One `<li>` of a day: a check box when the cell may change while the period is open, the
    prestation's name otherwise, then its state (symbol, words, reason)."""
    a_cocher = bool(case.modifiable and ouverte)
    m = _morceaux(
        case.prestation.nom,
        str(case.etat),
        case.symbole,
        case.libelle,
        case.motif,
        a_cocher,
        bool(case.tenue) and a_cocher,
    )
    i = case.identifiant
    if a_cocher:
        return f"{m[0]}{case.valeur}{m[1]}{i}{m[2]}{i}{m[3]}{i}{m[4]}{i}{m[5]}"
    return f"{m[0]}{i}{m[1]}"


@register.simple_tag
def semaines_de_l_enfant(ligne, ouverte: bool) -> str:
    """A child's weeks (presentation.EnfantVue): per week a `<details>` (unfolded for the
    first week with something to change) whose summary names the week, then per day a
    fieldset whose legend names the day and the child (for screen readers: the same day is
    listed for each child), its cells in a list."""
    prenom = escape(ligne.enfant.prenom)
    morceaux = []
    for semaine in ligne.semaines:
        morceaux.append(
            f'<details class="semaine"{" open" if semaine.ouverte else ""}><summary>Semaine du '
            f'{escape(semaine.du)} <span class="text-body-secondary">(semaine {semaine.numero}, '
            f"{'paire' if semaine.paire else 'impaire'})</span></summary>"
        )
        for jour in semaine.jours:
            libelle = jour.libelle
            morceaux.append(
                '<fieldset class="jour"><legend class="fs-6 fw-semibold">'
                f"{escape(libelle[:1].upper() + libelle[1:])}"
                f'<span class="visually-hidden"> — {prenom}</span></legend>'
                '<ul class="list-unstyled mb-0">'
            )
            morceaux.extend(_cellule(case, ouverte) for case in jour.cases)
            morceaux.append("</ul></fieldset>")
        morceaux.append("</details>")
    return mark_safe("".join(morceaux))  # noqa: S308 — every value escaped above


@register.simple_tag
def services_de_la_semaine_type(form) -> str:
    """The « semaine type » boxes (forms.SemaineTypeForm.lignes_semaine): per service a
    fieldset, per weekday it runs a box whose label names the day, and the service for
    screen readers. Written here for the same reason as the calendar (some thirty boxes)."""
    morceaux = []
    for prestation, jours in form.lignes_semaine():
        nom = escape(prestation.nom)
        morceaux.append(
            f'<fieldset class="semaine-prestation"><legend class="fs-6 fw-semibold">{nom}</legend>'
        )
        for numero, jour, valeur, coche in jours:
            if not valeur:
                continue
            ident = f"st-{prestation.pk}-{numero}"
            morceaux.append(
                '<div class="form-check form-check-inline"><input class="form-check-input"'
                f' type="checkbox" name="semaine" value="{escape(valeur)}" id="{ident}"'
                f'{" checked" if coche else ""}><label class="form-check-label" for="{ident}">'
                f'{escape(jour)}<span class="visually-hidden"> : {nom}</span></label></div>'
            )
        morceaux.append("</fieldset>")
    return mark_safe("".join(morceaux))  # noqa: S308 — every value escaped above
