"""Business rules of the Dossier Famille, one module per concern:

- comptes_famille: creating Comptes Famille, linking children, custody rules (`garde_couvre`)
- eligibilite: may this account book for this child on that day (`peut_reserver`, `verdicts`)
- campagne: the annual renewal, fiche validation, reminders
- etat_dossier: what a dossier holds, what is done and left, its status (re-exported by campagne)
- pieces: pièces justificatives (upload checks, private storage, review)
- reglement: signing the règlement intérieur, signed PDF
- rgpd: « Mes données » export and the retention purge
"""

from .comptes_famille import (
    CompteCree,
    creer_compte_famille,
    enfants_du_compte,
    garde_couvre,
    rattacher_enfant,
)

__all__ = [
    "CompteCree",
    "creer_compte_famille",
    "enfants_du_compte",
    "garde_couvre",
    "rattacher_enfant",
]
