"""The preview of one row, as staff read it before confirming and in the history."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lecture import ANOMALIE

CREATION, MODIFICATION, INCHANGE, ERREUR = "creation", "modification", "inchange", "erreur"
LIBELLES_ACTIONS = {
    CREATION: "Création",
    MODIFICATION: "Modification",
    INCHANGE: "Inchangée",
    ERREUR: "Erreur",
}


@dataclass
class LigneApercu:
    numero: int
    details: list[str] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)
    remarques: list[str] = field(default_factory=list)  # what the reading did (a repair)
    _creation: bool = False

    def creation(self, detail: str) -> None:
        self._creation = True
        self.details.append(detail)

    def modification(self, detail: str) -> None:
        self.details.append(detail)

    @property
    def action(self) -> str:
        if self.erreurs:
            return ERREUR
        if self._creation:
            return CREATION
        return MODIFICATION if self.details else INCHANGE

    def en_json(self) -> dict:
        return {
            "n": self.numero,
            "a": self.action,
            "d": self.details,
            "e": self.erreurs,
            "r": self.remarques,
        }

    def lire_anomalie(self, valeurs: dict) -> bool:
        """Note a repaired row, or refuse it with the reason. True when the row is usable."""
        anomalie = valeurs.get(ANOMALIE)
        if anomalie is None:
            return True
        if anomalie.repare:
            self.remarques.append(anomalie.message)
            return True
        self.erreurs = [anomalie.message]
        return False


def compter(lignes: list[LigneApercu]) -> dict[str, int]:
    comptes = dict.fromkeys(LIBELLES_ACTIONS, 0)
    for ligne in lignes:
        comptes[ligne.action] += 1
    return comptes
