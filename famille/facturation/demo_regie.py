"""Demo data of the Régie: who signs for each structure, and the Régie demo user's counter
(« regie ») with today's payments of F1002 (Bernard) — a cheque, cash, and a CESU
entered twice then cancelled — so that « Bordereau du jour » and « Encaissements et reçus »
have something to show. Through the real services; created once (receipts are never edited,
so a later run does not move them to the new day)."""

from __future__ import annotations

from decimal import Decimal

from famille.comptes.models import Compte, Structure
from famille.dossiers.models import Foyer

from .models import Encaissement, Regisseur
from .services import regie


def charger(structures: dict[str, Structure]) -> None:
    agent = Compte.objects.filter(username="regie").first()
    for structure in structures.values():
        Regisseur.objects.get_or_create(
            structure=structure,
            defaults={
                "nom": f"{agent.get_full_name()}" if agent else "Le régisseur",
                "qualite": "Régisseuse de recettes",
                "adresse": f"Mairie — Service Éducation\n{structure.commune}",
            },
        )
    petit = Foyer.objects.filter(numero="F1002").first()
    structure = next(iter(structures.values()), None)
    if agent is None or petit is None or structure is None:
        return
    if Encaissement.objects.filter(foyer=petit).exists():
        return
    regie.encaisser(
        agent,
        foyer=petit,
        structure_id=structure.pk,
        montant=Decimal("30.00"),
        mode=Encaissement.Mode.CHEQUE,
        banque="Banque Populaire",
        numero_piece="0004512",
    )
    regie.encaisser(agent, foyer=petit, structure_id=structure.pk, montant="12,50", mode="especes")
    doublon = regie.encaisser(
        agent, foyer=petit, structure_id=structure.pk, montant="20", mode="cesu"
    )
    regie.annuler(agent, doublon.pk, "Saisi deux fois par erreur")
