"""The user guide's screenshots (home/guide.py): a figure when the script took it, nothing
otherwise (the guide is still whole as text)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def capture(source: str | None, legende: str) -> str:
    if not source:
        return ""
    return format_html(
        '<figure><img src="{}" alt="{}"><figcaption>{}</figcaption></figure>',
        source,
        f"Capture d'écran : {legende}",
        legende,
    )
