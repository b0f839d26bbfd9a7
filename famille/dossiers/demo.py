"""Demo data of families: schools, a running campaign and the memo's families."""

from __future__ import annotations

import datetime

from django.utils import timezone

from famille.comptes.models import Compte, Structure

from .models import Campagne, Classe, Ecole, Enfant, Foyer, Garde, ResponsableLegal
from .services import creer_compte_famille, rattacher_enfant

ECOLES = [
    ("École élémentaire du Parc", ["CP", "CE1", "CE2", "CM1", "CM2"]),
    ("École élémentaire Les Pins", ["CP", "CE1", "CE2", "CM1", "CM2"]),
    ("École maternelle du Bourg", ["PS", "MS", "GS"]),
]

# identifiant, prénom, nom, e-mails, mot de passe, mot de passe initial en attente, structures
FAMILLES = [
    (
        "F1001",
        "Camille",
        "Martin",
        "camille.martin@exemple.fr",
        "Soleil-Cartable-42",
        False,
        ["periscolaire", "centre-loisirs"],
    ),
    (
        "F1002",
        "Julie",
        "Bernard",
        "julie.bernard@exemple.fr",
        "Riviere-Bleue-2026",
        False,
        ["periscolaire"],
    ),
    (
        "F1003",
        "Thomas",
        "Petit",
        "thomas.petit@exemple.fr",
        "Montagne-Verte-2026",
        False,
        ["periscolaire"],
    ),
    (
        "F1004",
        "Nadia",
        "Roux",
        "nadia.roux@exemple.fr",
        "Bienvenue-Cestas-F4",
        True,
        ["periscolaire"],
    ),
]

ENFANTS = {
    # famille: [(prénom, nom, âge, école, classe)]
    "F1001": [
        ("Léo", "Martin", 10, 0, "CM2"),
        ("Emma", "Martin", 7, 0, "CE1"),
        ("Jules", "Martin", 4, 2, "MS"),
    ],
    "F1002": [("Lucas", "Petit", 8, 1, "CE2"), ("Chloé", "Petit", 6, 1, "CP")],
    "F1004": [("Inès", "Roux", 9, 1, "CM1")],
}


def annee_scolaire(jour: datetime.date) -> tuple[int, int]:
    debut = jour.year if jour.month >= 8 else jour.year - 1
    return debut, debut + 1


def charger(structures: dict[str, Structure], reinitialiser_mots_de_passe: bool = False) -> None:
    ecoles = []
    for nom, classes in ECOLES:
        ecole, _ = Ecole.objects.get_or_create(
            nom=nom, defaults={"structure": structures["periscolaire"]}
        )
        for classe in classes:
            Classe.objects.get_or_create(ecole=ecole, nom=classe)
        ecoles.append(ecole)

    aujourdhui = timezone.localdate()
    debut, fin = annee_scolaire(aujourdhui)
    # The campaign runs now in the demo, whatever the day, so that it always shows the renewal.
    # update_or_create: a demo database reloaded weeks later still shows a running campaign.
    Campagne.objects.update_or_create(
        annee_scolaire=f"{debut}-{fin}",
        defaults={
            "rentree": datetime.date(debut, 9, 1),
            "fin_annee": datetime.date(fin, 7, 6),
            "ouverture": aujourdhui - datetime.timedelta(days=20),
            "cloture": aujourdhui + datetime.timedelta(days=40),
        },
    )

    foyers = {}
    for identifiant, prenom, nom, emails, mot_de_passe, initial, slugs in FAMILLES:
        foyer = Foyer.objects.filter(numero=identifiant).first()
        if foyer is None:
            foyer = creer_compte_famille(
                identifiant=identifiant,
                prenom=prenom,
                nom=nom,
                emails=emails,
                structures=[structures[s] for s in slugs],
                mot_de_passe=mot_de_passe,
                adresse=f"{len(foyers) * 4 + 3} avenue du Général de Gaulle",
                code_postal="33610",
                ville="Cestas",
                telephone="06 12 34 56 7" + identifiant[-1],
            ).foyer
        if foyer.titulaire.mot_de_passe_initial != initial or reinitialiser_mots_de_passe:
            compte: Compte = foyer.titulaire
            compte.set_password(mot_de_passe)
            compte.mot_de_passe_initial = initial
            compte.save()
        foyers[identifiant] = foyer

    for identifiant, enfants in ENFANTS.items():
        for prenom, nom, age, ecole, classe in enfants:
            naissance = datetime.date(debut - age, 3 + len(prenom) % 9, 10 + len(nom))
            enfant, _ = Enfant.objects.get_or_create(
                nom=nom,
                prenom=prenom,
                date_naissance=naissance,
                defaults={
                    "ecole": ecoles[ecole],
                    "classe": Classe.objects.get(ecole=ecoles[ecole], nom=classe),
                },
            )
            if identifiant == "F1002":
                # Separated parents: the mother has even weeks, the father odd weeks.
                rattacher_enfant(foyers["F1002"], enfant, Garde.Regle.SEMAINES_PAIRES)
                rattacher_enfant(foyers["F1003"], enfant, Garde.Regle.SEMAINES_IMPAIRES)
            else:
                rattacher_enfant(foyers[identifiant], enfant)

    martin = foyers["F1001"]
    for prenom, lien in (
        ("Camille", ResponsableLegal.Lien.MERE),
        ("Antoine", ResponsableLegal.Lien.PERE),
    ):
        responsable, _ = ResponsableLegal.objects.get_or_create(
            foyer=martin,
            prenom=prenom,
            nom="Martin",
            defaults={"lien": lien, "telephone": "06 12 34 56 71"},
        )
        responsable.enfants.set(martin.enfants.all())
    for foyer, prenom, lien in (
        (foyers["F1002"], "Julie", ResponsableLegal.Lien.MERE),
        (foyers["F1003"], "Thomas", ResponsableLegal.Lien.PERE),
    ):
        responsable, _ = ResponsableLegal.objects.get_or_create(
            foyer=foyer, prenom=prenom, nom=foyer.titulaire.last_name, defaults={"lien": lien}
        )
        responsable.enfants.set(foyer.enfants.all())

    charger_famille_papier(structures, ecoles)

    from . import demo_dossiers  # the renewal in progress (fiches validated, reminders)

    demo_dossiers.charger()

    from . import demo_pieces  # pièces justificatives in every status (generated PDF/PNG)

    demo_pieces.charger()

    from . import demo_reglement  # a signed règlement, so that staff see one in the admin

    demo_reglement.charger()


def charger_famille_papier(structures: dict[str, Structure], ecoles: list[Ecole]) -> None:
    """F1005: a family without internet, whose dossier staff enter from the paper form
    (« Saisir le dossier papier » in the admin). It never logs in: no e-mail, no password."""
    foyer = Foyer.objects.filter(numero="F1005").first()
    if foyer is None:
        foyer = creer_compte_famille(
            identifiant="F1005",
            prenom="Josette",
            nom="Lacoste",
            structures=[structures["periscolaire"]],
            adresse="2 chemin des Vignes",
            code_postal="33610",
            ville="Cestas",
            telephone="05 56 12 34 55",
            dossier_papier=True,
        ).foyer
        compte = foyer.titulaire
        compte.set_unusable_password()
        compte.mot_de_passe_initial = False
        compte.save()
    enfant, _ = Enfant.objects.get_or_create(
        nom="Lacoste",
        prenom="Paul",
        date_naissance=datetime.date(annee_scolaire(timezone.localdate())[0] - 8, 6, 2),
        defaults={"ecole": ecoles[0], "classe": Classe.objects.get(ecole=ecoles[0], nom="CE2")},
    )
    rattacher_enfant(foyer, enfant)
