"""French typography of what a parent reads (issue 10.10), one checker for every page test:
no space before a full stop or a comma, « » with non-breaking spaces inside, a non-breaking
space before « : ; ! ? », never a space-less guillemet. Reads the page's <title> and <main>
(the header and footer are the same on every page and are checked with the first one)."""

from __future__ import annotations

import re
from html import unescape

INSECABLES = "\u00a0\u202f"

REGLES = [
    ("espace avant un point ou une virgule", re.compile(r"\w [.,](?=\s|$)")),
    ("« sans espace insécable après", re.compile(rf"«(?![{INSECABLES}])")),
    ("» sans espace insécable avant", re.compile(rf"(?<![{INSECABLES}])»")),
    ("espace ordinaire avant : ; ! ?", re.compile(r"\w [:;!?](?=\s|$)")),
]


def texte_lisible(html: str) -> str:
    """The text a parent reads: the title, then <main> (the whole body if there is none),
    without tags, scripts, styles nor what is typed in a field."""
    titre = re.search(r"<title>(.*?)</title>", html, re.S)
    corps = html.split("<main", 1)[1].split("</main>")[0] if "<main" in html else html
    corps = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", corps, flags=re.S | re.I)
    corps = re.sub(r"<[^>]+>", "", corps)
    return unescape((titre.group(1) if titre else "") + "\n" + corps)


def fautes(html: str) -> list[str]:
    texte = texte_lisible(html)
    trouvees = []
    for nom, regle in REGLES:
        for m in regle.finditer(texte):
            trouvees.append(f"{nom} : …{texte[max(0, m.start() - 30) : m.end() + 10]!r}")
    return trouvees
