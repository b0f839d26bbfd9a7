"""Initial passwords of the accounts an import created. Imported accounts have an unusable
password until their letter is produced; this produces them, a batch at a time, through the
accounts' own rule (attribuer_mot_de_passe_initial), the only moment they are readable."""

from __future__ import annotations

from django.db.models import QuerySet

from famille.comptes import services as comptes_services
from famille.comptes.models import Compte, Evenement

from ..models import ImportFichier

LIMITE = 300  # Argon2 costs ~0.1 s per account: a batch stays under a minute


def en_attente(import_fichier: ImportFichier) -> QuerySet[Compte]:
    return (
        import_fichier.comptes_crees.filter(mot_de_passe_initial=True, password__startswith="!")
        .select_related("foyer")
        .order_by("username")
    )


def produire(import_fichier: ImportFichier, auteur, request=None) -> tuple[list[str], list[list]]:
    entetes = [
        "Identifiant",
        "Mot de passe initial",
        "Nom",
        "Prénom",
        "Adresse",
        "Complément d'adresse",
        "Code postal",
        "Ville",
        "E-mails",
    ]
    lignes = []
    for compte in en_attente(import_fichier)[:LIMITE]:
        mot_de_passe = comptes_services.attribuer_mot_de_passe_initial(compte)
        foyer = getattr(compte, "foyer", None)
        lignes.append(
            [
                compte.username,
                mot_de_passe,
                compte.last_name,
                compte.first_name,
                foyer.adresse if foyer else "",
                foyer.complement_adresse if foyer else "",
                foyer.code_postal if foyer else "",
                foyer.ville if foyer else "",
                compte.emails,
            ]
        )
        comptes_services.journaliser(
            Evenement.Type.COURRIER,
            compte=compte,
            request=request,
            auteur=auteur,
            detail=f"Identifiants produits après l'import n° {import_fichier.pk}",
        )
    return entetes, lignes
