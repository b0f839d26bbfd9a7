from .campagne import Campagne, DossierAnnuel, ValidationFiche
from .export import ExportDonnees
from .fiches import Assurance, Autorisation, Contact, FicheSante
from .foyer import (
    Classe,
    Ecole,
    Enfant,
    Foyer,
    Garde,
    PassageAnnee,
    PeriodeGarde,
    ResponsableLegal,
)
from .historique import Modification
from .pieces import Fichier, PieceJustificative
from .reglement import SignatureReglement

__all__ = [
    "Assurance",
    "Autorisation",
    "Campagne",
    "Classe",
    "Contact",
    "DossierAnnuel",
    "Ecole",
    "Enfant",
    "ExportDonnees",
    "FicheSante",
    "Fichier",
    "Foyer",
    "Garde",
    "Modification",
    "PassageAnnee",
    "PeriodeGarde",
    "PieceJustificative",
    "ResponsableLegal",
    "SignatureReglement",
    "ValidationFiche",
]

from famille.dossiers.pages import DossierFamillePage  # noqa: E402

__all__ += ["DossierFamillePage"]
