"""Demo data of accounts: the two structures and one staff user per group."""

from __future__ import annotations

from .models import Compte, Structure
from .roles import ANIMATION, COMMUNICATION, EDUCATION, REGIE, installer_groupes

STRUCTURES = [
    ("periscolaire", "Service périscolaire de Cestas", "Cestas", 1),
    ("centre-loisirs", "Centre de loisirs Les Pins", "Cestas", 2),
]

# identifiant, prénom, nom, groupe, mot de passe (listed in the README)
PERSONNEL = [
    ("education", "Élodie", "Garnier", EDUCATION, "Education-demo-2026"),
    ("communication", "Karim", "Benali", COMMUNICATION, "Communication-demo-2026"),
    ("regie", "Sophie", "Lambert", REGIE, "Regie-demo-2026"),
    # The attendance lists (/pointage/) of the périscolaire structure only.
    ("animation", "Yanis", "Moreau", ANIMATION, "Animation-demo-2026"),
]
STRUCTURES_ANIMATION = ["periscolaire"]
ADMIN = ("admin", "Admin", "Portail", "Admin-demo-2026")


def charger(reinitialiser_mots_de_passe: bool = False) -> dict[str, Structure]:
    structures = {}
    for slug, nom, commune, ordre in STRUCTURES:
        structures[slug], _ = Structure.objects.update_or_create(
            slug=slug, defaults={"nom": nom, "commune": commune, "ordre": ordre}
        )
    groupes = installer_groupes()
    for identifiant, prenom, nom, groupe, mot_de_passe in PERSONNEL:
        compte, cree = Compte.objects.get_or_create(
            username=identifiant,
            defaults={
                "first_name": prenom,
                "last_name": nom,
                "is_staff": True,
                "emails": f"{identifiant}@mairie-demo.fr",
            },
        )
        if cree or reinitialiser_mots_de_passe:
            compte.set_password(mot_de_passe)
            compte.save()
        compte.groups.set([groupes[groupe]])
        if groupe == ANIMATION:
            compte.structures.set([structures[slug] for slug in STRUCTURES_ANIMATION])
        else:
            compte.structures.set(structures.values())
    identifiant, prenom, nom, mot_de_passe = ADMIN
    admin, cree = Compte.objects.get_or_create(
        username=identifiant,
        defaults={"first_name": prenom, "last_name": nom, "is_staff": True, "is_superuser": True},
    )
    if cree or reinitialiser_mots_de_passe:
        admin.set_password(mot_de_passe)
        admin.save()
    return structures
