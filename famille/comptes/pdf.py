"""PDFs come from HTML templates through WeasyPrint (letters, signed règlement, « Mes données »)."""

from __future__ import annotations

from django.template.loader import render_to_string


def html_vers_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: it loads pango, which the web process may not need

    return HTML(string=html).write_pdf()


def template_vers_pdf(template: str, contexte: dict) -> bytes:
    return html_vers_pdf(render_to_string(template, contexte))
