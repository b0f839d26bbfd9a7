"""How guessable a password is, estimated by zxcvbn (the Python port of Dropbox's estimator,
https://github.com/dwolfhub/zxcvbn-python), adapted to French parents:

- an AZERTY keyboard graph beside zxcvbn's QWERTY one, so « azertyuiopqsdf » is the keyboard
  walk it is (zxcvbn only knows QWERTY, Dvorak and keypads);
- a short list of French words common in passwords (zxcvbn's dictionaries are English) and the
  account's own words (identifiant, names, e-mail, commune), given as zxcvbn's `user_inputs`;
- its English feedback in French.

A password below SCORE_MINIMUM (zxcvbn's « safely unguessable », about 10^8 guesses) is
refused with the reason zxcvbn gives. Limit: the estimate is an estimate; the length and
common-password rules of AUTH_PASSWORD_VALIDATORS still apply beside it.
"""

from __future__ import annotations

from zxcvbn import matching, zxcvbn

SCORE_MINIMUM = 3
CODE = "password_guessable"

# Same physical keys as QWERTY: A↔Q, Z↔W, M where QWERTY has « ; », « , » where it has M.
_QWERTY_VERS_AZERTY = str.maketrans("qaQAwzWZ;:mM,<", "aqAQzwZWmM,?;.")


def _graphe_azerty() -> dict:
    qwerty = matching.GRAPHS["qwerty"]
    return {
        cle.translate(_QWERTY_VERS_AZERTY): [
            voisin.translate(_QWERTY_VERS_AZERTY) if voisin else voisin for voisin in voisins
        ]
        for cle, voisins in qwerty.items()
    }


# zxcvbn reads its keyboard graphs from this module-level registry at each call.
matching.GRAPHS.setdefault("azerty", _graphe_azerty())

MOTS_FRANCAIS = [
    "motdepasse", "azerty", "bonjour", "soleil", "chocolat", "doudou", "loulou", "papa",
    "maman", "famille", "enfant", "enfants", "bebe", "cheri", "cherie", "amour", "jetaime",
    "marseille", "paris", "bordeaux", "france", "coucou", "princesse", "nicolas", "julien",
    "portail", "mairie", "cantine", "ecole", "garderie", "periscolaire", "cestas",
]  # fmt: skip

TRADUCTIONS = {
    "Straight rows of keys are easy to guess.": "une rangée de touches du clavier se devine facilement",
    "Short keyboard patterns are easy to guess.": "un court trajet sur le clavier se devine facilement",
    'Repeats like "aaa" are easy to guess.': "une répétition comme « aaa » se devine facilement",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': "une répétition comme « abcabc » se devine presque aussi vite que « abc »",
    'Sequences like "abc" or "6543" are easy to guess.': "une suite comme « abc » ou « 6543 » se devine facilement",
    "Recent years are easy to guess.": "une année récente se devine facilement",
    "Dates are often easy to guess.": "une date se devine souvent facilement",
    "This is a top-10 common password.": "c'est l'un des 10 mots de passe les plus courants",
    "This is a top-100 common password.": "c'est l'un des 100 mots de passe les plus courants",
    "This is a very common password.": "c'est un mot de passe très courant",
    "This is similar to a commonly used password.": "il ressemble à un mot de passe courant",
    "A word by itself is easy to guess.": "un mot seul se devine facilement",
    "Names and surnames by themselves are easy to guess.": "un nom ou un prénom seul se devine facilement",
    "Common names and surnames are easy to guess.": "les noms et prénoms courants se devinent facilement",
}  # fmt: skip


def estimer(mot_de_passe: str, mots_personnels: list[str] | None = None) -> dict:
    entrees = MOTS_FRANCAIS + [m.lower() for m in (mots_personnels or []) if m]
    # zxcvbn's cost grows with the length; past 100 characters the rest adds no weakness.
    return zxcvbn(mot_de_passe[:100], user_inputs=entrees)


def raison(resultat: dict) -> str:
    avertissement = resultat["feedback"].get("warning") or ""
    if avertissement in TRADUCTIONS:
        return TRADUCTIONS[avertissement]
    if any(m.get("dictionary_name") == "user_inputs" for m in resultat["sequence"]):
        return "il repose sur un mot courant ou sur un mot qui vous concerne"
    return "il se devine en trop peu d'essais"


def raison_du_refus(mot_de_passe: str, mots_personnels: list[str] | None = None) -> str | None:
    """Why this password is too easy to guess, in French, or None when it is not."""
    resultat = estimer(mot_de_passe, mots_personnels)
    return raison(resultat) if resultat["score"] < SCORE_MINIMUM else None
