"""Demo form page: « Demande de compte pour le second parent », as the memo offers separated
parents not living at the same address. Idempotent."""

from __future__ import annotations

from home.models import HomePage, ParametresPortail

from .models import ChampDemande, DemandePage, DestinatairesDemandes

SLUG = "demande-compte-second-parent"
SERVICE = "affaires.scolaires@mairie-cestas.fr"

# libellé, type, obligatoire, choix, aide
CHAMPS = [
    ("Nom et prénom", "singleline", True, "", ""),
    ("Adresse e-mail", "email", True, "", "Nous vous répondrons à cette adresse."),
    ("Téléphone", "singleline", False, "", ""),
    (
        "Adresse postale",
        "multiline",
        True,
        "",
        "Votre adresse, distincte de celle de l'autre parent.",
    ),
    (
        "Numéro de famille de l'autre parent",
        "singleline",
        False,
        "",
        "S'il figure sur un courrier.",
    ),
    ("Nom, prénom et école des enfants", "multiline", True, "", ""),
    (
        "Organisation de la garde",
        "dropdown",
        True,
        "Semaines paires\nSemaines impaires\nCertains jours de la semaine\nPériodes datées\nAutre",
        "Les jours où vous réserverez pour vos enfants.",
    ),
    ("Précisions", "multiline", False, "", "Jours ou périodes de garde, par exemple."),
    (
        "Je ne demeure pas à la même adresse que l'autre parent",
        "checkbox",
        True,
        "",
        "",
    ),
]


def charger() -> DemandePage | None:
    destinataires = DestinatairesDemandes.load()
    if not destinataires.emails:
        destinataires.emails = SERVICE
        destinataires.save()
    accueil = HomePage.objects.first()
    if accueil is None:
        return None
    page = DemandePage.objects.child_of(accueil).filter(slug=SLUG).first()
    if page is None:
        page = _creer(accueil)
    # Linked from the login page, the contact page and the FAQ.
    parametres = ParametresPortail.load()
    if parametres.demande_second_parent_id != page.pk:
        parametres.demande_second_parent = page
        parametres.save(update_fields=["demande_second_parent"])
    return page


def _creer(accueil: HomePage) -> DemandePage:
    page = DemandePage(
        title="Demande de compte pour le second parent",
        slug=SLUG,
        introduction="<p>Chaque parent des familles séparées ne demeurant pas à la même adresse peut "
        "bénéficier de son propre compte pour accéder au Portail Famille, procéder aux réservations "
        "pour ses jours de garde, mettre à jour les informations liées à son compte et régler en "
        "ligne. Remplissez ce formulaire : le service Éducation créera votre compte et vous enverra "
        "votre identifiant et votre mot de passe.</p>",
        subject="Portail Famille : demande de compte pour le second parent",
    )
    for ordre, (libelle, type_champ, obligatoire, choix, aide) in enumerate(CHAMPS):
        page.champs.add(
            ChampDemande(
                sort_order=ordre,
                label=libelle,
                field_type=type_champ,
                required=obligatoire,
                choices=choix,
                help_text=aide,
            )
        )
    accueil.add_child(instance=page)
    page.save_revision().publish()
    return page
