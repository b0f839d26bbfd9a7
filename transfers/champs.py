"""The columns each import expects, how they are explained to staff, and how a file's own
headers are matched to them (the last mapping chosen first, then similar names)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Champ:
    cle: str
    libelle: str
    obligatoire: bool = False
    aide: str = ""
    exemple: str = ""
    synonymes: tuple[str, ...] = field(default_factory=tuple)
    multiple: bool = False  # several e-mail addresses in one cell (see lecture.Tableau.ajuster)


@lru_cache(maxsize=200_000)  # a big file repeats each family's values on every child row
def normaliser(texte: str) -> str:
    """« N° Famille » → « n famille »: no accents, no case, no punctuation."""
    texte = unicodedata.normalize("NFKD", str(texte))
    texte = "".join(c for c in texte if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", texte).split())


MOTS = {
    "resp": "responsable",
    "parent": "responsable",
    "titulaire": "responsable 1",
    "second": "2",
    "tel": "telephone",
    "portable": "telephone",
    "courriel": "emails",
    "courriels": "emails",
    "mel": "emails",
    "mail": "emails",
    "mails": "emails",
    "email": "emails",
    "qualite": "lien",
    "cp": "code postal",
    "commune": "ville",
    "localite": "ville",
    "eleve": "enfant",
    "etablissement": "ecole",
    "niveau": "classe",
    "ne": "date naissance",
    "n": "numero",
    "no": "numero",
    "num": "numero",
}
MOTS_VIDES = {"de", "du", "d", "l", "la", "le", "les", "des", "e", "a"}


def canonique(texte: str) -> str:
    """« Tél. resp. 2 » and « Téléphone du second responsable » give the same words; what is
    in brackets is a remark (« Courriel(s) », « Adresse resp. 2 (si différente) »)."""
    sans_remarque = re.sub(r"\([^)]*\)", " ", str(texte))
    normal = (
        normaliser(sans_remarque if normaliser(sans_remarque) else texte)
        .replace("e mails", "emails")
        .replace("e mail", "emails")
    )
    mots = []
    for mot in normal.split():
        if mot not in MOTS_VIDES:
            mots.extend(MOTS.get(mot, mot).split())
    return " ".join(sorted(mots))


def proposer_correspondance(
    champs: list[Champ], entetes: list[str], derniere: dict[str, str] | None = None
) -> dict[str, str]:
    """{field: header} guessed for this file. A header is used once at most."""
    derniere = derniere or {}
    libres = list(entetes)
    proposition: dict[str, str] = {}
    for champ in champs:
        entete = derniere.get(champ.cle)
        if entete and entete in libres:
            proposition[champ.cle] = entete
            libres.remove(entete)
    par_nom = {}
    for entete in libres:
        par_nom.setdefault(canonique(entete), entete)
    for champ in champs:
        if champ.cle in proposition:
            continue
        for nom in (champ.libelle, champ.cle.replace("_", " "), *champ.synonymes):
            entete = par_nom.get(canonique(nom))
            if entete and entete in libres:
                proposition[champ.cle] = entete
                libres.remove(entete)
                break
    return proposition


def multiples(champs: list[Champ]) -> tuple[str, ...]:
    return tuple(c.cle for c in champs if c.multiple)


def colonnes_oubliees(
    champs: list[Champ], entetes: list[str], correspondance: dict[str, str], lignes=()
) -> list[str]:
    """French warnings for the file's columns no field is mapped to although they hold
    e-mail addresses or a second parent's address: data that would be silently lost."""
    cles = {c.cle for c in champs}
    if not cles & {"emails", "resp2_adresse"}:
        return []
    associees = set(correspondance.values())
    index = {entete: i for i, entete in enumerate(entetes)}
    avertissements = []
    for entete in entetes:
        if not entete or entete in associees:
            continue
        mots = canonique(entete).split()
        cellules = [
            c[index[entete]] for _n, c in lignes if index[entete] < len(c) and c[index[entete]]
        ]
        adresses = sum(1 for c in cellules if "@" in str(c))
        if "emails" in mots or (cellules and adresses * 2 > len(cellules)):
            avertissements.append(
                f"La colonne « {entete} » contient des adresses e-mail mais n'est associée à "
                "aucune information : elles ne seront pas importées."
            )
        elif "adresse" in mots and "2" in mots:
            avertissements.append(
                f"La colonne « {entete} » semble contenir l'adresse du second responsable mais "
                "n'est associée à aucune information : aucun second compte famille ne sera "
                "créé pour les parents séparés."
            )
    return avertissements


def colonnes_manquantes(champs: list[Champ], correspondance: dict[str, str]) -> list[Champ]:
    return [c for c in champs if c.obligatoire and not correspondance.get(c.cle)]


def message_colonnes_manquantes(manquantes: list[Champ]) -> str:
    noms = ", ".join(f"« {c.libelle} »" for c in manquantes)
    if len(manquantes) == 1:
        return f"Colonne obligatoire absente du fichier : {noms}."
    return f"Colonnes obligatoires absentes du fichier : {noms}."


CHAMPS_INSCRIPTION = [
    Champ(
        "identifiant",
        "Identifiant famille",
        True,
        "Numéro de famille donné par le service : il devient l'identifiant de connexion.",
        "F2031",
        ("numero famille", "n famille", "no famille", "num famille", "code famille", "id famille"),
    ),
    Champ(
        "titulaire_nom",
        "Nom du titulaire",
        True,
        "Le titulaire du Compte Famille.",
        "Lefèvre-Dupré",
        ("nom responsable 1", "nom resp1", "nom parent 1", "nom du responsable"),
    ),
    Champ(
        "titulaire_prenom",
        "Prénom du titulaire",
        True,
        "",
        "Hélène",
        ("prenom responsable 1", "prenom resp1", "prenom parent 1", "prenom du responsable"),
    ),
    Champ(
        "titulaire_lien",
        "Lien du titulaire",
        False,
        "Mère, Père, Tuteur ou Autre.",
        "Mère",
        ("lien responsable 1", "qualite responsable 1", "lien parent 1"),
    ),
    Champ("adresse", "Adresse", False, "", "12 allée des Pins", ("adresse 1", "rue", "voie")),
    Champ(
        "complement_adresse",
        "Complément d'adresse",
        False,
        "",
        "Résidence Les Chênes",
        ("adresse 2", "complement"),
    ),
    Champ("code_postal", "Code postal", False, "", "33610", ("cp",)),
    Champ("ville", "Ville", False, "", "Cestas", ("commune", "localite")),
    Champ(
        "telephone",
        "Téléphone",
        False,
        "",
        "06 12 34 56 78",
        ("telephone responsable 1", "tel", "portable", "tel portable"),
    ),
    Champ(
        "emails",
        "E-mails",
        False,
        "Une ou plusieurs adresses séparées par un point-virgule ; la première sert au paiement.",
        "helene.lefevre@exemple.fr; h.dupre@exemple.fr",
        (
            "email",
            "e mail",
            "mail",
            "courriel",
            "adresse mail",
            "adresse electronique",
            "email responsable 1",
            "email famille",
        ),
        multiple=True,
    ),
    Champ("enfant_nom", "Nom de l'enfant", True, "", "Lefèvre-Dupré", ("nom enfant", "nom eleve")),
    Champ(
        "enfant_prenom", "Prénom de l'enfant", True, "", "Zoé", ("prenom enfant", "prenom eleve")
    ),
    Champ(
        "enfant_date_naissance",
        "Date de naissance",
        True,
        "Au format jj/mm/aaaa.",
        "14/03/2019",
        ("date de naissance enfant", "ne le", "ne e le", "naissance", "date naissance"),
    ),
    Champ("enfant_sexe", "Sexe", False, "F ou M (Fille ou Garçon).", "F", ("sexe enfant", "genre")),
    Champ(
        "ecole",
        "École",
        False,
        "Nom de l'école tel qu'il existe dans le portail.",
        "École élémentaire du Parc",
        ("ecole", "etablissement", "nom ecole"),
    ),
    Champ(
        "classe",
        "Classe",
        False,
        "Une classe de cette école (CP, CE1…).",
        "CP",
        ("niveau", "classe enfant"),
    ),
    Champ(
        "resp2_nom",
        "Nom du second responsable",
        False,
        "",
        "Dupré",
        ("nom responsable 2", "nom resp2", "nom parent 2"),
    ),
    Champ(
        "resp2_prenom",
        "Prénom du second responsable",
        False,
        "",
        "Marc",
        ("prenom responsable 2", "prenom resp2", "prenom parent 2"),
    ),
    Champ(
        "resp2_lien",
        "Lien du second responsable",
        False,
        "Mère, Père, Tuteur ou Autre.",
        "Père",
        ("lien responsable 2", "qualite responsable 2", "lien parent 2"),
    ),
    Champ(
        "resp2_telephone",
        "Téléphone du second responsable",
        False,
        "",
        "06 98 76 54 32",
        ("telephone responsable 2", "tel responsable 2", "tel parent 2"),
    ),
    Champ(
        "resp2_emails",
        "E-mails du second responsable",
        False,
        "",
        "marc.dupre@exemple.fr",
        (
            "email responsable 2",
            "mail responsable 2",
            "email parent 2",
            "adresse electronique responsable 2",
            "adresse mail responsable 2",
        ),
        multiple=True,
    ),
    Champ(
        "resp2_adresse",
        "Adresse du second responsable",
        False,
        "Seulement si les parents sont séparés et n'habitent pas à la même adresse : un "
        "second Compte Famille est créé pour ce parent, lié au même enfant (garde « Tout le "
        "temps », à ajuster ensuite).",
        "3 rue des Écoles",
        ("adresse responsable 2", "adresse parent 2", "adresse postale responsable 2"),
    ),
    Champ(
        "resp2_code_postal",
        "Code postal du second responsable",
        False,
        "",
        "33000",
        ("cp responsable 2", "code postal responsable 2"),
    ),
    Champ(
        "resp2_ville",
        "Ville du second responsable",
        False,
        "",
        "Bordeaux",
        ("ville responsable 2", "commune responsable 2"),
    ),
    Champ(
        "resp2_identifiant",
        "Identifiant famille du second responsable",
        False,
        "Facultatif : sinon l'identifiant famille suivi de « -2 ».",
        "F2031-2",
        ("numero famille 2", "n famille 2"),
    ),
]

CHAMPS_TARIFS = [
    Champ("prestation", "Prestation", True, "Code de la prestation.", "restauration"),
    Champ(
        "structure",
        "Structure",
        False,
        "Code de la structure, si plusieurs prestations ont ce code.",
        "periscolaire",
    ),
    Champ("qf_min", "QF à partir de", True, "En euros.", "0"),
    Champ("qf_max", "QF jusqu'à", False, "En euros ; vide pour la dernière tranche.", "450"),
    Champ("prix", "Prix", True, "Prix unitaire en euros.", "1,20", ("prix unitaire", "tarif")),
    Champ("hors_commune", "Hors commune", False, "Oui ou non.", "non"),
    Champ(
        "debut",
        "Applicable à partir du",
        True,
        "Au format jj/mm/aaaa.",
        "01/09/2027",
        ("debut", "date d'effet", "date"),
    ),
    Champ(
        "fin",
        "Jusqu'au",
        False,
        "Au format jj/mm/aaaa ; vide : sans fin. Donnez une fin à l'ancien tarif avant le nouveau.",
        "31/08/2028",
        ("fin", "date de fin", "jusqu'au"),
    ),
    Champ(
        "reduction_fratrie",
        "Réduction à partir du 2e enfant (%)",
        False,
        "Pourcentage ; vide : aucune réduction.",
        "10",
        ("reduction fratrie", "reduction", "reduction 2e enfant"),
    ),
]

CHAMPS_FERMETURES = [
    Champ("structure", "Structure", True, "Code de la structure.", "periscolaire"),
    Champ("debut", "Du", True, "Au format jj/mm/aaaa.", "21/10/2027", ("debut", "date de debut")),
    Champ("fin", "Au", True, "Au format jj/mm/aaaa.", "03/11/2027", ("fin", "date de fin")),
    Champ("motif", "Motif", True, "", "Vacances de la Toussaint"),
]

CHAMPS_QUOTIENTS = [
    Champ(
        "foyer",
        "Numéro allocataire ou identifiant famille",
        True,
        "Le numéro d'allocataire CAF enregistré dans le Compte Famille, ou son identifiant.",
        "1234567",
        (
            "numero allocataire",
            "n allocataire",
            "matricule",
            "identifiant famille",
            "numero famille",
            "identifiant",
        ),
    ),
    Champ("valeur", "Quotient familial", True, "En euros.", "612,50", ("qf", "quotient")),
    Champ(
        "debut",
        "Valable à partir du",
        True,
        "Au format jj/mm/aaaa.",
        "01/01/2028",
        ("date d'effet", "debut", "date"),
    ),
    Champ("source", "Source", False, "CAF si vide.", "CAF"),
]
