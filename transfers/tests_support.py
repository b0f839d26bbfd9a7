"""For scripts, the demo and the tests that import a file without an HTTP request: a file object
shaped like Django's UploadedFile, and the columns of the town hall's registration export."""

from __future__ import annotations

import io


class FichierEnvoye(io.BytesIO):
    def __init__(self, name: str, contenu: bytes):
        super().__init__(contenu)
        self.name = name
        self.size = len(contenu)


# The school registration export of the town hall's software, in its column order, with the
# field staff would map each column to. Its own names, which the mapping step must recognise:
# tests/transfers and scripts/bench_import.py write files with these headers.
CORRESPONDANCE_MAIRIE = {
    "identifiant": "N° Famille",
    "titulaire_nom": "Nom resp. 1",
    "titulaire_prenom": "Prénom resp. 1",
    "titulaire_lien": "Qualité resp. 1",
    "adresse": "Adresse",
    "code_postal": "CP",
    "ville": "Commune",
    "telephone": "Tél.",
    "emails": "Courriel",
    "enfant_nom": "Nom élève",
    "enfant_prenom": "Prénom élève",
    "enfant_date_naissance": "Né(e) le",
    "enfant_sexe": "Sexe",
    "ecole": "Établissement",
    "classe": "Niveau",
    "resp2_nom": "Nom resp. 2",
    "resp2_prenom": "Prénom resp. 2",
    "resp2_lien": "Qualité resp. 2",
    "resp2_telephone": "Tél. resp. 2",
    "resp2_emails": "Courriel resp. 2",
    "resp2_adresse": "Adresse resp. 2",
    "resp2_code_postal": "CP resp. 2",
    "resp2_ville": "Commune resp. 2",
}
ENTETES_MAIRIE = list(CORRESPONDANCE_MAIRIE.values())
