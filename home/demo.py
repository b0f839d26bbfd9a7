"""Demo data: content of the portal and, through each app's demo module, the data its
features need. Idempotent: running it twice changes nothing."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from famille.comptes import demo as comptes_demo
from famille.dossiers import demo as dossiers_demo
from famille.facturation import demo as facturation_demo
from famille.facturation import demo_regie
from famille.reservations import demo as reservations_demo
from forms import demo as formulaires_demo

from .arbre import installer_arbre
from .models import (
    Actualite,
    FaqPage,
    HomePage,
    LegalPage,
    ParametresPortail,
    QuestionFaq,
    ReglementPage,
)

CONTACT = {
    "nom_collectivite": "Mairie de Cestas",
    "email": "affaires.scolaires@mairie-cestas.fr",
    "guichet": "Au guichet unique dans le hall de l'hôtel de ville",
    "telephone": "05 56 78 84 80",
    "horaires": "Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h 30",
}

FAQ = [
    (
        "Se connecter",
        "Comment me connecter pour la première fois ?",
        "<p>Saisissez l'identifiant et le mot de passe fournis par le service Éducation. Vous devrez ensuite "
        "saisir un mot de passe personnalisé respectant les règles affichées, le confirmer, puis consulter le "
        "« RGPD » et les « Conditions générales d'utilisation du portail » et cocher les cases indiquant que "
        "vous avez pris connaissance de ces documents.</p>",
    ),
    (
        "Se connecter",
        "J'étais déjà usager du Compte Famille : mes identifiants changent-ils ?",
        "<p>Non. Saisissez votre identifiant et votre mot de passe habituels : ils ne changent pas d'une année "
        "scolaire à l'autre.</p>",
    ),
    (
        "Se connecter",
        "J'ai oublié ou perdu mon mot de passe.",
        "<p>Cliquez sur « Réinitialiser votre mot de passe », puis saisissez l'identifiant et l'adresse mail "
        "fournis au service Éducation lors de l'inscription. Si les informations saisies sont correctes, un lien "
        "permettant de réinitialiser votre mot de passe vous sera envoyé. En cas d'absence de réception de ce "
        "lien, vérifiez dans vos messages indésirables.</p>",
    ),
    (
        "Mon compte",
        "Comment modifier mon mot de passe ou mon adresse mail ?",
        "<p>Depuis l'onglet Dossier Famille, rubrique Profil utilisateur. Vous pouvez saisir plusieurs adresses "
        "mail en les séparant par un point-virgule : vous y recevrez le compte-rendu de vos réservations et le "
        "ticket de paiement. Si vous réglez par carte bancaire, seule la première adresse mail sera prise en "
        "compte.</p>",
    ),
    (
        "Mon compte",
        "Nous sommes séparés : chaque parent peut-il avoir son compte ?",
        "<p>Oui. Sur demande auprès du service Éducation, chaque parent des familles séparées ne demeurant pas à "
        "la même adresse peut bénéficier de son propre compte pour réserver pour ses jours de garde, mettre à "
        "jour les informations de son compte et régler en ligne.</p>",
    ),
    (
        "Dossier Famille",
        "Quand dois-je valider mon dossier famille ?",
        "<p>Chaque année, pendant la période de renouvellement indiquée sur le portail. Validez toutes vos fiches "
        "(fiche famille, contacts, assurance, autorisations, fiche santé) et déposez les documents demandés avant "
        "la date limite. Les éléments marqués d'un astérisque (*) sont à renseigner.</p>",
    ),
    (
        "Dossier Famille",
        "Quels documents dois-je préparer ?",
        "<p>Chaque année : un justificatif de domicile de moins de deux mois, l'attestation d'assurance pour "
        "l'année scolaire à venir, l'avis d'imposition si vous résidez dans la commune et souhaitez le calcul de "
        "votre quotient familial, et en cas de PAI le certificat médical et une photo de votre enfant. En cas de "
        "changement de situation : les pages du carnet de santé si les rappels de vaccination ne sont pas "
        "indiqués sur la fiche santé, le jugement de divorce (pages sur l'autorité parentale et la garde). "
        "2 Mo maximum par fichier, au format PDF, JPEG ou PNG.</p>",
    ),
    (
        "Dossier Famille",
        "Je n'ai pas accès à internet.",
        "<p>Un dossier papier est disponible sur demande auprès du service Éducation, qui le saisira pour "
        "vous.</p>",
    ),
    (
        "Dossier Famille",
        "Comment signer le règlement intérieur ?",
        "<p>Pour chaque enfant, cliquez sur « Accéder à la fiche », cochez la case indiquant que vous avez pris "
        "connaissance du règlement intérieur, puis validez et signez la fiche en indiquant votre nom, le lieu, la "
        "date et l'heure.</p>",
    ),
    (
        "Réservations",
        "Quand puis-je réserver ?",
        "<p>Les réservations de la restauration, de l'accueil du matin et du soir et du centre de loisirs du "
        "mercredi ouvrent par période, à la date annoncée sur la page d'accueil, au moins trois jours à "
        "l'avance.</p>",
    ),
]

ACTUALITES = [
    (
        0,
        "Le renouvellement du dossier famille est ouvert",
        "<p>Validez vos fiches et déposez vos documents depuis l'onglet « Dossier Famille » avant la date limite "
        "indiquée sur votre dossier.</p>",
        Actualite.Visibilite.PUBLIC,
    ),
    (
        3,
        "Réservations de la prochaine période",
        # What the portal does today (issue 10.12): bookings on the « Réservations » tab, whose
        # page shows the opening date and time of each period.
        "<p>La restauration, l'accueil du matin et du soir et le centre de loisirs du mercredi se "
        "réservent dans l'onglet « Réservations », une fois votre dossier famille validé, au moins "
        "3 jours à l'avance. L'onglet indique la date et l'heure d'ouverture de la prochaine "
        "période. Sans accès à internet, le service Éducation réserve pour vous : par mail, au "
        "guichet unique dans le hall de l'hôtel de ville ou par téléphone (coordonnées en bas de "
        "page).</p>",
        Actualite.Visibilite.FAMILLES,
    ),
    (
        10,
        "Menus de la restauration scolaire",
        "<p>Les menus du mois sont affichés dans chaque école et consultables sur le site de la mairie.</p>",
        Actualite.Visibilite.PUBLIC,
    ),
]

TEXTES_LEGAUX = {
    LegalPage.Type.RGPD: (
        "<h2>Responsable du traitement</h2><p>La commune, représentée par son maire, traite vos données pour "
        "gérer l'inscription et la facturation des services périscolaires et extrascolaires (mission de service "
        "public, article 6-1-e du RGPD).</p><h2>Données traitées</h2><p>Identité et coordonnées des "
        "responsables légaux, composition du foyer, quotient familial, enfants, réservations, consommations et "
        "paiements ; avec votre accord, données de santé nécessaires à l'accueil (fiche santé, PAI), réservées "
        "au service Éducation.</p><h2>Durée de conservation</h2><p>Pendant la scolarité de l'enfant dans la "
        "commune, puis deux ans ; les données comptables dix ans.</p><h2>Vos droits</h2><p>Vous pouvez accéder "
        "à vos données et les télécharger depuis « Mes données », les faire rectifier, ou vous opposer à leur "
        "traitement en écrivant au service Éducation ou au délégué à la protection des données de la commune. "
        "Vous pouvez saisir la CNIL.</p>"
    ),
    LegalPage.Type.CGU: (
        "<h2>Objet</h2><p>Le Portail Famille permet de mettre à jour le dossier famille, de réserver et "
        "d'annuler les services périscolaires et extrascolaires, de consulter l'historique et de régler en "
        "ligne.</p><h2>Compte</h2><p>Votre identifiant et votre mot de passe sont personnels. Le mot de passe "
        "est crypté et n'est accessible qu'à vous.</p><h2>Réservations et paiements</h2><p>Les réservations "
        "respectent les délais du règlement intérieur. Les paiements par carte sont traités par le service de "
        "paiement de la DGFiP (PayFiP).</p>"
    ),
    LegalPage.Type.MENTIONS: (
        "<h2>Éditeur</h2><p>Mairie de Cestas, hôtel de ville, 33610 Cestas. Directeur de la publication : "
        "le maire.</p><h2>Hébergement</h2><p>Serveurs de la commune. Le portail ne dépose aucun cookie de "
        "mesure d'audience et ne fait appel à aucun service tiers.</p><h2>Logiciel</h2><p>Logiciel libre "
        "Portail Famille, sous licence AGPL-3.0 ou ultérieure.</p>"
    ),
    LegalPage.Type.ACCESSIBILITE: (
        "<p>La commune s'engage à rendre son Portail Famille accessible conformément à l'article 47 de la loi "
        "n° 2005-102 du 11 février 2005.</p><h2>État de conformité</h2><p>Le Portail Famille est partiellement "
        "conforme au référentiel général d'amélioration de l'accessibilité (RGAA) version 4.1 : l'audit "
        "complet reste à mener.</p><h2>Retour d'information et contact</h2><p>Si vous n'arrivez pas à accéder "
        "à un contenu ou à un service, contactez le service Éducation pour être orienté vers une alternative "
        "accessible.</p><h2>Voies de recours</h2><p>Vous pouvez écrire au Défenseur des droits ou contacter "
        "son délégué dans votre région.</p>"
    ),
}

REGLEMENTS = {
    "periscolaire": (
        "Règlement intérieur des services périscolaires",
        "<h2>Article 1 — Inscription</h2><p>L'accès à la restauration scolaire et aux accueils du matin et du "
        "soir est réservé aux enfants dont le dossier famille est validé pour l'année scolaire.</p>"
        "<h2>Article 2 — Réservations</h2><p>Les réservations et annulations se font sur le Portail Famille "
        "au moins 3 jours à l'avance. Toute présence sans réservation est facturée au tarif majoré.</p>"
        "<h2>Article 3 — Santé</h2><p>Aucun médicament n'est administré sans PAI.</p>"
        "<h2>Article 4 — Paiement</h2><p>Les prestations sont facturées selon le quotient familial et payables "
        "en ligne ou au guichet unique.</p>",
    ),
    "centre-loisirs": (
        "Règlement intérieur du centre de loisirs",
        "<h2>Article 1 — Accueil</h2><p>Le centre de loisirs accueille les enfants de 3 à 12 ans le mercredi "
        "et pendant les vacances scolaires.</p><h2>Article 2 — Réservations</h2><p>Les journées se réservent "
        "sur le Portail Famille selon le calendrier publié.</p>",
    ),
}


def _publier_si_change(page, **champs) -> None:
    if any(getattr(page, nom) != valeur for nom, valeur in champs.items()):
        for nom, valeur in champs.items():
            setattr(page, nom, valeur)
        page.save_revision().publish()


def _guide_utilisateur(parametres):
    """The real guide (home/guide.py), with the screenshots of scripts/guide_captures.py when
    they were taken (var/guide/captures/), text only otherwise; built once, the script
    rebuilds it."""
    from django.conf import settings

    from . import guide

    Document = get_document_model()
    existant = Document.objects.filter(title=guide.TITRE).first()
    if existant is not None and existant.file:
        return existant
    captures = Path(settings.BASE_DIR) / "var" / "guide" / "captures"
    return guide.publier(guide.construire(captures if captures.exists() else None, parametres))


def _actualites_du_jour(accueil: HomePage) -> None:
    """The demo's news, dated from today: loaded again a month later, they move with the date
    (a new revision then); the same day, nothing changes."""
    aujourdhui = timezone.localdate()
    change = False
    for ordre, (jours, titre, texte, visibilite) in enumerate(ACTUALITES):
        date = aujourdhui - datetime.timedelta(days=jours)
        actualite = accueil.actualites.filter(titre=titre).first()
        if actualite is None:
            Actualite.objects.create(
                page=accueil,
                sort_order=ordre,
                titre=titre,
                texte=texte,
                visibilite=visibilite,
                date=date,
            )
            change = True
        elif actualite.date != date or actualite.texte != texte:
            # The text too: a demo news item corrected in the code is corrected on reload.
            actualite.date, actualite.texte = date, texte
            actualite.save(update_fields=["date", "texte"])
            change = True
    if change:
        HomePage.objects.get(pk=accueil.pk).save_revision().publish()


@transaction.atomic
def charger_contenus(structures) -> HomePage:
    accueil = installer_arbre("Portail Famille de Cestas")
    _publier_si_change(
        accueil,
        title="Portail Famille de Cestas",
        # No promise the portal cannot keep yet (issue 10.12): online payment comes with PayFiP.
        introduction="<p>Réservez la restauration scolaire, l'accueil du matin et du soir et le centre de "
        "loisirs du mercredi, mettez à jour votre dossier famille, consultez vos consommations et "
        "votre solde.</p>",
    )
    _actualites_du_jour(accueil)

    faq = FaqPage.objects.get()
    if not faq.questions.exists():
        for ordre, (categorie, question, reponse) in enumerate(FAQ):
            QuestionFaq.objects.create(
                page=faq, sort_order=ordre, categorie=categorie, question=question, reponse=reponse
            )
        faq.introduction = "<p>Les réponses aux questions les plus posées au service Éducation.</p>"
        faq.save_revision().publish()

    for page in LegalPage.objects.all():
        if page.type in TEXTES_LEGAUX:
            _publier_si_change(page, corps=TEXTES_LEGAUX[page.type])

    for slug, (titre, texte) in REGLEMENTS.items():
        structure = structures[slug]
        page = ReglementPage.objects.filter(structure=structure).first()
        if page is None:
            page = ReglementPage(
                title=titre, slug=f"reglement-{slug}", structure=structure, corps=texte
            )
            accueil.add_child(instance=page)
            page.save_revision().publish()
        if structure.reglement_page_id != page.pk:
            structure.reglement_page = page
            structure.save(update_fields=["reglement_page"])

    parametres = ParametresPortail.load()
    changements = {k: v for k, v in CONTACT.items() if getattr(parametres, k) != v}
    if changements or parametres.guide_utilisateur_id is None:
        for nom, valeur in changements.items():
            setattr(parametres, nom, valeur)
        parametres.guide_utilisateur = _guide_utilisateur(parametres)
        parametres.save()
    return accueil


def charger(reinitialiser_mots_de_passe: bool = False) -> list[str]:
    structures = comptes_demo.charger(reinitialiser_mots_de_passe)
    charger_contenus(structures)
    formulaires_demo.charger()  # « Demande de compte pour le second parent »
    reservations_demo.charger(structures)
    dossiers_demo.charger(structures, reinitialiser_mots_de_passe)
    reservations_demo.charger_reservations()  # through the booking services, families exist
    reservations_demo.charger_sites_repas(structures)  # after the schools exist
    facturation_demo.charger(structures)  # after the bookings: bills F1001's past days
    demo_regie.charger(structures)  # the Régie's counter: receipts and a bordereau today
    from famille.comptes.roles import installer_groupes

    installer_groupes()  # again, now that the page tree exists
    return [
        f"{len(structures)} structures, contenus, prestations, familles et personnel de démonstration.",
    ]
