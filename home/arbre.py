"""The page tree every portal needs: the home page (Accueil) with the parent tabs, the FAQ,
the contact page and the legal pages. Idempotent: the demo loader and the tests call it."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from famille.comptes.models import DocumentsLegaux
from famille.dossiers.models import DossierFamillePage
from famille.facturation.models import HistoriquePage, PaiementPage
from famille.reservations.models import ReservationsPage

from .models import ContactPage, FaqPage, HomePage, LegalPage, ParametresPortail

ONGLETS = [
    (HistoriquePage, "Historique", "historique"),
    (PaiementPage, "Paiement", "paiement"),
    (ReservationsPage, "Réservations", "reservations"),
    (DossierFamillePage, "Dossier Famille", "dossier-famille"),
]

PAGES_LEGALES = [
    (LegalPage.Type.RGPD, "Protection des données personnelles (RGPD)", "rgpd"),
    (LegalPage.Type.CGU, "Conditions générales d'utilisation du portail", "cgu"),
    (LegalPage.Type.MENTIONS, "Mentions légales", "mentions-legales"),
    (LegalPage.Type.ACCESSIBILITE, "Déclaration d'accessibilité", "accessibilite"),
]


def _enfant(parent: Page, modele, slug: str, **champs) -> Page:
    existante = modele.objects.child_of(parent).filter(slug=slug).first()
    if existante is not None:
        return existante
    page = modele(slug=slug, **champs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _socle() -> Page:
    """What Wagtail's migrations create, recreated if a test flushed the database."""
    Locale.objects.get_or_create(
        language_code=Locale.get_default().language_code if Locale.objects.exists() else "fr"
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    racine = Page.get_first_root_node()
    if racine is None:
        racine = Page.add_root(
            instance=Page(title="Root", slug="root", locale=Locale.objects.first())
        )
    return racine


@transaction.atomic
def installer_arbre(nom_site: str = "Portail Famille") -> HomePage:
    racine = _socle()
    accueil = HomePage.objects.first()
    if accueil is None:
        accueil = HomePage(title="Bienvenue sur le Portail Famille", slug="accueil")
        racine.add_child(instance=accueil)
        accueil.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=accueil,
            is_default_site=True,
            site_name=nom_site,
        )
    elif site.root_page_id != accueil.pk:
        ancienne = site.root_page
        site.root_page = accueil
        site.site_name = nom_site
        site.save()
        # Wagtail's « Welcome » page is no use to a town.
        if ancienne.specific_class is Page and ancienne.depth == 2:
            ancienne.delete()

    for modele, titre, slug in ONGLETS:
        _enfant(accueil, modele, slug, title=titre)
    _enfant(accueil, FaqPage, "faq", title="Questions fréquentes")
    _enfant(accueil, ContactPage, "contact", title="Contacter le service Éducation")
    pages_legales = {}
    for type_, titre, slug in PAGES_LEGALES:
        pages_legales[type_] = _enfant(
            accueil, LegalPage, slug, title=titre, type=type_, corps=f"<p>{titre}.</p>"
        )

    reglages = DocumentsLegaux.load()
    if reglages.rgpd_page_id is None or reglages.cgu_page_id is None:
        reglages.rgpd_page = reglages.rgpd_page or pages_legales[LegalPage.Type.RGPD]
        reglages.cgu_page = reglages.cgu_page or pages_legales[LegalPage.Type.CGU]
        reglages.save()
    # The portal's settings row, so that no page view creates it (a save renews the generation
    # of the frame's pages each process keeps, famille/comptes/pages_cadre.py).
    ParametresPortail.load()
    return accueil
