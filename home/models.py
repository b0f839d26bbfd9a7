"""Content that communications staff publish: home page news, FAQ, règlements intérieurs,
legal pages, contact details and the user guide."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from famille.comptes.admin_ui import PanneauEnLigne
from famille.comptes.pages_cadre import (
    RestrictionsEnUneRequeteMixin,
    RoutageAccueilMixin,
    exemplaire_garde,
)

from .admin_forms import LegalPageForm

AVERTISSEMENT_NOUVELLE_VERSION = (
    "<p><strong>Si cette page est le RGPD ou les conditions générales d'utilisation</strong> "
    "(Paramètres › Documents à accepter), chaque version publiée sera demandée de nouveau à "
    "<strong>toutes les familles</strong>, à leur prochaine connexion. Pour une correction qui "
    "ne change pas le sens du texte, cochez « Modification mineure » : les familles ne seront "
    "pas interrogées à nouveau.</p>"
)

TEXTE_RICHE = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class HomePage(RoutageAccueilMixin, RestrictionsEnUneRequeteMixin, Page):
    """The « Accueil » tab: the collectivité's news, and the login box for visitors. Its
    children and the view restrictions are read in few queries (famille/comptes/pages_cadre.py)."""

    introduction = RichTextField("texte d'accueil", blank=True, features=TEXTE_RICHE)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        PanneauEnLigne(
            "actualites",
            label="actualité",
            heading="Actualités",
            ajouter="Ajouter une actualité",
        ),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "page d'accueil"

    def actualites_visibles(self, request: HttpRequest):
        actualites = self.actualites.filter(date__lte=timezone.localdate())
        if not request.user.is_authenticated:
            actualites = actualites.filter(visibilite=Actualite.Visibilite.PUBLIC)
        return actualites.order_by("-date", "sort_order")

    def serve(self, request: HttpRequest, *args, **kwargs):
        suite = self._suite_premiere_connexion(request)
        if suite is not None:
            return redirect(suite)
        return super().serve(request, *args, **kwargs)

    @staticmethod
    def _suite_premiere_connexion(request: HttpRequest) -> str | None:
        """Right after the RGPD and CGU, the memo's next step: the règlement intérieur of each
        child (« Accéder à la fiche »). Once none is left, the Accueil and its « reste à faire »."""
        from famille.comptes.services import SESSION_SUITE_PREMIERE_CONNEXION
        from famille.dossiers.pages import DossierFamillePage
        from famille.dossiers.services import reglement

        if not request.user.is_authenticated or not request.session.get(
            SESSION_SUITE_PREMIERE_CONNEXION
        ):
            return None
        foyer = getattr(request.user, "foyer", None)
        if foyer is not None and reglement.enfants_sans_signature(foyer, request.user):
            return DossierFamillePage.url_de("reglement")
        request.session.pop(SESSION_SUITE_PREMIERE_CONNEXION, None)
        return None

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["actualites"] = self.actualites_visibles(request)
        if request.user.is_authenticated and getattr(request.user, "foyer", None) is not None:
            from famille.dossiers.services.garde_en_mots import phrases_de_garde
            from famille.dossiers.services.reste_a_faire import reste_a_faire

            context["reste_a_faire"] = reste_a_faire(
                request.user, getattr(request, "structure", None)
            )
            context["phrases_de_garde"] = phrases_de_garde(request.user.foyer)
        return context


class Actualite(Orderable):
    class Visibilite(models.TextChoices):
        PUBLIC = "public", "Public"
        FAMILLES = "familles", "Familles connectées seulement"

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="actualites")
    titre = models.CharField("titre", max_length=200)
    date = models.DateField("date", default=timezone.localdate)
    texte = RichTextField("texte", features=TEXTE_RICHE)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visibilite = models.CharField(
        "visible par", max_length=10, choices=Visibilite.choices, default=Visibilite.PUBLIC
    )

    panels = [
        FieldPanel("titre"),
        FieldPanel("date"),
        FieldPanel("visibilite"),
        FieldPanel("texte"),
        FieldPanel("image"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "actualité"
        verbose_name_plural = "actualités"

    def __str__(self) -> str:
        return self.titre


# What parents type and what the service writes (the memo says « restauration », parents say
# « cantine »): a search for one also searches the others.
SYNONYMES = [
    ("cantine", "restauration scolaire", "restauration", "repas"),
    ("garderie", "accueil du matin et du soir", "accueil du matin", "accueil du soir", "périscolaire"),
    ("centre aéré", "centre de loisirs", "mercredi"),
    ("mdp", "mot de passe"),
]  # fmt: skip


def variantes_de_recherche(recherche: str) -> list[str]:
    """The query, its singular (« cantines » → « cantine »: the database backend does not stem
    French) and the synonyms of any group it names."""
    texte = recherche.strip().lower()
    singulier = " ".join(m[:-1] if len(m) > 3 and m[-1] in "sx" else m for m in texte.split())
    variantes = [recherche, singulier]
    for groupe in SYNONYMES:
        if any(mot in texte or mot in singulier for mot in groupe):
            variantes += list(groupe)
    return list(dict.fromkeys(v for v in variantes if v))


class FaqPage(RestrictionsEnUneRequeteMixin, Page):
    introduction = RichTextField("introduction", blank=True, features=TEXTE_RICHE)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        PanneauEnLigne(
            "questions", label="question", heading="Questions", ajouter="Ajouter une question"
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "FAQ"

    def questions_par_categorie(self, recherche: str = "") -> list[tuple[str, list[QuestionFaq]]]:
        # In a preview the questions are unsaved, in memory: filter them in Python.
        questions = list(self.questions.all().order_by("sort_order"))
        if recherche:
            backend = get_search_backend()
            ids: set[int] = set()
            # The parents' words and the service's: each variant searched, results joined.
            for variante in variantes_de_recherche(recherche):
                ids |= {
                    q.pk
                    for q in backend.search(variante, QuestionFaq.objects.filter(page_id=self.pk))
                }
            questions = [q for q in questions if q.pk in ids]
        categories: dict[str, list[QuestionFaq]] = {}
        for question in questions:
            categories.setdefault(question.categorie, []).append(question)
        return list(categories.items())

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        recherche = request.GET.get("q", "").strip()[:100]
        context["recherche"] = recherche
        context["categories"] = self.questions_par_categorie(recherche)
        return context


class QuestionFaq(index.Indexed, Orderable):
    page = ParentalKey(FaqPage, on_delete=models.CASCADE, related_name="questions")
    categorie = models.CharField("catégorie", max_length=100)
    question = models.CharField("question", max_length=255)
    reponse = RichTextField("réponse", features=TEXTE_RICHE)

    panels = [FieldPanel("categorie"), FieldPanel("question"), FieldPanel("reponse")]
    search_fields = [
        index.SearchField("question", boost=2),
        index.SearchField("reponse"),
        index.SearchField("categorie"),
        index.AutocompleteField("question"),
        index.FilterField("page_id"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "question"
        verbose_name_plural = "questions"

    def __str__(self) -> str:
        return self.question


class LegalPage(RestrictionsEnUneRequeteMixin, Page):
    """RGPD, CGU, mentions légales, déclaration d'accessibilité (RGAA)."""

    class Type(models.TextChoices):
        RGPD = "rgpd", "Protection des données (RGPD)"
        CGU = "cgu", "Conditions générales d'utilisation"
        MENTIONS = "mentions", "Mentions légales"
        ACCESSIBILITE = "accessibilite", "Déclaration d'accessibilité"

    type = models.CharField("type de page", max_length=15, choices=Type.choices)
    corps = RichTextField("texte", features=TEXTE_RICHE)
    # Unticked at each edit (LegalPageForm): a minor change is a choice made for one version.
    modification_mineure = models.BooleanField(
        "modification mineure",
        default=False,
        help_text="Correction qui ne change pas le sens du texte (faute de frappe, mise en "
        "page) : les familles ne sont pas interrogées à nouveau.",
    )
    # The version families must have accepted (RGPD, CGU): the last one published without
    # « modification mineure » (home/signals.py); famille.comptes.services reads it.
    version_a_accepter = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name="version à accepter",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("type"),
        FieldPanel("corps"),
        MultiFieldPanel(
            [HelpPanel(content=AVERTISSEMENT_NOUVELLE_VERSION), FieldPanel("modification_mineure")],
            heading="Publier une nouvelle version",
        ),
    ]
    base_form_class = LegalPageForm
    search_fields = Page.search_fields + [index.SearchField("corps")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "page légale"
        verbose_name_plural = "pages légales"


class ReglementPage(RestrictionsEnUneRequeteMixin, Page):
    """A structure's règlement intérieur. Each published revision is a version parents sign."""

    structure = models.ForeignKey(
        "comptes.Structure",
        verbose_name="structure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corps = RichTextField("texte du règlement", features=TEXTE_RICHE)

    content_panels = Page.content_panels + [FieldPanel("structure"), FieldPanel("corps")]
    search_fields = Page.search_fields + [index.SearchField("corps")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "règlement intérieur"
        verbose_name_plural = "règlements intérieurs"


class ContactPage(RestrictionsEnUneRequeteMixin, Page):
    introduction = RichTextField("introduction", blank=True, features=TEXTE_RICHE)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "page contact"


@register_setting(icon="mail")
class ParametresPortail(BaseGenericSetting):
    """Contact details of the Education service (footer and contact page) and the user guide."""

    nom_collectivite = models.CharField("collectivité", max_length=150, default="Mairie")
    email = models.EmailField("e-mail du service Éducation", blank=True)
    guichet = models.CharField(
        "guichet", max_length=255, blank=True, help_text="Où venir en mairie."
    )
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    horaires = models.CharField("horaires", max_length=255, blank=True)
    guide_utilisateur = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="guide utilisateur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    demande_second_parent = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="formulaire de demande de compte du second parent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Lié depuis la page de connexion, la page contact et la FAQ.",
    )

    @classmethod
    def _get_or_create(cls):
        # Read by the footer of every page: kept by each process with the frame's pages
        # (famille/comptes/pages_cadre.py), until a setting or a page is saved.
        parametres = exemplaire_garde(("parametres_portail",), super()._get_or_create)
        parametres._page_url_cache = {}
        return parametres

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("nom_collectivite"),
                FieldPanel("email"),
                FieldPanel("guichet"),
                FieldPanel("telephone"),
                FieldPanel("horaires"),
            ],
            heading="Contact du service Éducation",
        ),
        FieldPanel("guide_utilisateur"),
        FieldPanel("demande_second_parent"),
    ]

    class Meta:
        verbose_name = "contact et guide"
