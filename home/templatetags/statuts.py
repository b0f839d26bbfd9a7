"""One colour per meaning for the status badges of the parent's pages (issue: « À vérifier »
was green like « Acceptée », « Refusée » yellow like « À déposer »). The badge always carries
its words, so colour is never the only sign (RGAA 3.1).

- done (Acceptée, Validée le…, Signé le…): green;
- waiting for the Education service (À vérifier): blue;
- refused (Refusée): red;
- to do by the parent (À déposer, À valider, À signer…): yellow with dark text.
"""

from __future__ import annotations

from django import template

register = template.Library()

CLASSES = (
    (("acceptée", "validée", "signé", "validé"), "text-bg-success"),
    (("à vérifier", "déposée"), "text-bg-info"),
    (("refusée", "refusé"), "text-bg-danger"),
)


@register.filter
def classe_statut(libelle) -> str:
    texte = str(libelle).strip().lower()
    for debuts, classe in CLASSES:
        if texte.startswith(debuts):
            return classe
    return "text-bg-warning"
