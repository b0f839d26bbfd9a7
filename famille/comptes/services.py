"""Account rules: initial passwords, the first-login steps, consents, the audit log, the
structure being viewed. Plain functions called by views, admin, imports and tasks alike."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Page, Revision, Site

from .models import Compte, Consentement, DocumentsLegaux, Evenement, Structure
from .pages_cadre import copie_propre, garde_par_generation

# Letters and digits that cannot be mistaken for one another on a printed letter.
ALPHABET_LISIBLE = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generer_mot_de_passe_initial(longueur: int = 14) -> str:
    return "".join(secrets.choice(ALPHABET_LISIBLE) for _ in range(longueur))


def attribuer_mot_de_passe_initial(compte: Compte) -> str:
    """Give the account a new one-time password and return it: the only moment it is readable."""
    mot_de_passe, empreinte = preparer_mot_de_passe_initial()
    appliquer_mot_de_passe_initial(compte, empreinte)
    return mot_de_passe


def preparer_mot_de_passe_initial() -> tuple[str, str]:
    """A new one-time password and its hash, nothing saved: the costly part (Argon2) of
    attribuer_mot_de_passe_initial, which a batch runs before writing all hashes at once."""
    mot_de_passe = generer_mot_de_passe_initial()
    return mot_de_passe, make_password(mot_de_passe)


def appliquer_mot_de_passe_initial(compte: Compte, empreinte: str) -> None:
    compte.password = empreinte
    compte.mot_de_passe_initial = True
    compte.save(update_fields=["password", "mot_de_passe_initial"])


def definir_mot_de_passe(
    compte: Compte, mot_de_passe: str, request: HttpRequest | None = None
) -> None:
    compte.set_password(mot_de_passe)
    compte.mot_de_passe_initial = False
    compte.mot_de_passe_change_le = timezone.now()
    compte.save(update_fields=["password", "mot_de_passe_initial", "mot_de_passe_change_le"])
    journaliser(Evenement.Type.MOT_DE_PASSE, compte=compte, request=request)
    # The profile's addresses are told, so that a stolen session cannot quietly take the
    # account; sent after the commit, never from inside the request's transaction.
    quand = compte.mot_de_passe_change_le.isoformat()
    transaction.on_commit(
        lambda: _async("famille.comptes.tasks.prevenir_changement_mot_de_passe", compte.pk, quand),
        robust=True,
    )


def _async(tache: str, *args) -> None:
    from django_q.tasks import async_task

    async_task(tache, *args)


# --- consents --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentAAccepter:
    document: str  # Consentement.Document value
    libelle: str
    page: Page
    revision: Revision | None
    # The parent accepted an earlier version: the page says this one is new.
    nouvelle_version: bool = False


def documents_legaux() -> list[DocumentAAccepter]:
    """The live RGPD and CGU pages with the version to accept: the page's own
    `version_a_accepter` when it keeps one (home's legal pages: the last version published
    without « modification mineure »), else its current published revision.

    Read at every login (and by the first page after it): kept per process for one generation
    of the page tree (pages_cadre), which publishing a page or saving the setting renews;
    each caller gets its own copies of the pages and revisions."""
    gardes = garde_par_generation("documents_legaux", _lire_documents_legaux)
    return [
        replace(
            d, page=copie_propre(d.page), revision=copie_propre(d.revision) if d.revision else None
        )
        for d in gardes
    ]


def _lire_documents_legaux() -> list[DocumentAAccepter]:
    reglages = DocumentsLegaux.load()
    documents = []
    for document, page in (
        (Consentement.Document.RGPD, reglages.rgpd_page),
        (Consentement.Document.CGU, reglages.cgu_page),
    ):
        if page is not None and page.live:
            version = getattr(page.specific_deferred, "version_a_accepter", None)
            documents.append(
                DocumentAAccepter(
                    document.value, document.label, page, version or page.live_revision
                )
            )
    return documents


def documents_a_accepter(compte: Compte) -> list[DocumentAAccepter]:
    """Documents whose current version this account has not accepted yet."""
    documents = documents_legaux()
    if not documents:
        return []
    acceptes = set(
        Consentement.objects.filter(compte=compte).values_list("document", "revision_id")
    )
    deja = {document for document, _ in acceptes}
    return [
        replace(d, nouvelle_version=d.document in deja)
        for d in documents
        if (d.document, d.revision.pk if d.revision else None) not in acceptes
    ]


@transaction.atomic
def enregistrer_consentements(
    compte: Compte, documents: list[DocumentAAccepter], request: HttpRequest | None = None
) -> None:
    for document in documents:
        Consentement.objects.create(
            compte=compte,
            document=document.document,
            page=document.page,
            revision=document.revision,
        )
        # « version du 12 mars 2027 », as staff read versions everywhere (issue 9.10).
        version = (
            "version du " + date_format(timezone.localtime(document.revision.created_at), "j F Y")
            if document.revision
            else "version sans date"
        )
        journaliser(
            Evenement.Type.CONSENTEMENT,
            compte=compte,
            request=request,
            detail=f"{document.libelle}, {version}",
        )


# --- first login -----------------------------------------------------------------------------

ETAPE_MOT_DE_PASSE = "mot_de_passe"
ETAPE_CONSENTEMENTS = "consentements"
# Set once the steps are done, so later requests of the session skip the checks; cleared at
# each login, so a newly published RGPD or CGU version is asked at the next login.
SESSION_ETAPES_FAITES = "premiere_connexion_faite"
# Set when the consents are accepted: the memo's next step is the règlement intérieur of each
# child, which the Dossier Famille (not this app) knows about. The Accueil sends the parent
# there while it is set; the last signature clears it and comes back to the Accueil.
SESSION_SUITE_PREMIERE_CONNEXION = "premiere_connexion_suite"


def etape_premiere_connexion(compte: Compte) -> str | None:
    """The first-login step this parent still has to go through, or None when done.
    Staff use the Wagtail admin and are not asked."""
    if compte.is_staff:
        return None
    if compte.mot_de_passe_initial:
        return ETAPE_MOT_DE_PASSE
    if documents_a_accepter(compte):
        return ETAPE_CONSENTEMENTS
    return None


def etape_en_attente(request: HttpRequest) -> str | None:
    """The step the logged-in user of this request still has to do (session-cached once done)."""
    compte = request.user
    if request.session.get(SESSION_ETAPES_FAITES) == compte.pk:
        return None
    etape = etape_premiere_connexion(compte)
    if etape is None:
        request.session[SESSION_ETAPES_FAITES] = compte.pk
    return etape


# --- session lifetime ------------------------------------------------------------------------

# Set at login; the middleware ends the session SESSION_DUREE_ABSOLUE seconds later however
# active it is, so a stolen or forgotten session does not live for ever.
SESSION_CONNEXION_LE = "connexion_le"


def maintenant_en_secondes() -> float:
    return timezone.now().timestamp()


def session_trop_ancienne(request: HttpRequest) -> bool:
    debut = request.session.get(SESSION_CONNEXION_LE)
    if debut is None:
        # A session opened before this rule: its lifetime starts now.
        request.session[SESSION_CONNEXION_LE] = maintenant_en_secondes()
        return False
    return maintenant_en_secondes() - debut > settings.SESSION_DUREE_ABSOLUE


# --- audit log -------------------------------------------------------------------------------


def adresse_ip(request: HttpRequest | None) -> str | None:
    """The client's address for this request: the one helper behind the login throttle
    (AXES_CLIENT_IP_CALLABLE), the security journal, the reset limits and the règlement
    signatures. Behind NUM_PROXIES reverse proxies, each appends the address it received the
    request from to X-Forwarded-For: the client is the NUM_PROXIES-th entry from the right
    (the first proxy's own entry is REMOTE_ADDR). Entries further left were written by the
    client and are never trusted; without a declared proxy, the header is not read at all."""
    if request is None:
        return None
    from ipware import get_client_ip

    proxies = settings.NUM_PROXIES
    ip, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=max(proxies - 1, 0),
        request_header_order=(
            ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if proxies else ["REMOTE_ADDR"]
        ),
        # Not strict: a client's own X-Forwarded-For entries lengthen the chain; the count from
        # the right still finds the address the first proxy saw.
        strict=False,
    )
    return ip


def debloquer_connexion(compte: Compte) -> None:
    """Forget the failed logins of this identifiant: the lockout page tells the parent to
    reset the password, so a successful reset must let them in at once."""
    from axes.utils import reset

    reset(username=compte.username.strip().lower())


def journaliser(
    type: str,
    *,
    compte: Compte | None = None,
    identifiant: str = "",
    request: HttpRequest | None = None,
    auteur: Compte | None = None,
    detail: str = "",
) -> Evenement:
    return Evenement.objects.create(
        type=type,
        compte=compte,
        identifiant=(identifiant or (compte.username if compte else ""))[:150],
        adresse_ip=adresse_ip(request),
        auteur=auteur,
        detail=detail[:255],
    )


# --- the frame -------------------------------------------------------------------------------

SESSION_STRUCTURE = "structure_id"


def structures_rattachees(compte: Compte) -> list[Structure]:
    """The structures this account is attached to, read once per request (the header and the
    règlement signatures both ask: famille/comptes/memo.py)."""
    from .memo import memoriser

    return memoriser(("structures", compte.pk), lambda: list(compte.structures.all()))


def structures_du_compte(compte: Compte) -> list[Structure]:
    if compte.is_staff:
        return list(Structure.objects.all())
    return structures_rattachees(compte)


def structure_courante(request: HttpRequest, structures: list[Structure]) -> Structure | None:
    if not structures:
        return None
    choisie = request.session.get(SESSION_STRUCTURE)
    for structure in structures:
        if structure.pk == choisie:
            return structure
    return structures[0]


def choisir_structure(request: HttpRequest, structure_id: int) -> bool:
    """Switch the structure being viewed; only to one the account is known to."""
    structures = structures_du_compte(request.user)
    if any(s.pk == structure_id for s in structures):
        request.session[SESSION_STRUCTURE] = structure_id
        return True
    return False


def onglets(request: HttpRequest) -> list[dict]:
    """The memo's tabs for a logged-in parent: Accueil, then the tab pages in tree order."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    site = Site.find_for_request(request)
    if site is None:
        return []
    from .pages import OngletPage
    from .pages_cadre import pages_vivantes_de_type, sous_pages_accueil

    racine = site.root_page
    # get_url(request): the sites' root paths read once per request (kept on it), where
    # `.url` read them from the cache for each page — a Redis round trip per tab.
    tabs = [
        {"titre": "Accueil", "url": racine.get_url(request), "cle": "accueil", "page_id": racine.pk}
    ]
    # The home page's children as the page routing read them: kept by the process for the
    # page tree's generation (pages_cadre.py), no query here.
    for page in pages_vivantes_de_type(sous_pages_accueil(racine), OngletPage):
        tabs.append(
            {
                "titre": page.title,
                "url": page.get_url(request),
                "cle": page.slug,
                "page_id": page.pk,
            }
        )
    return tabs


def derniere_mise_a_jour():
    """The date of the site's last update, as the memo's header shows it."""
    valeur = cache.get("portail:derniere_mise_a_jour")
    if valeur is None:
        valeur = Page.objects.live().aggregate(d=Max("last_published_at"))["d"] or timezone.now()
        cache.set("portail:derniere_mise_a_jour", valeur, 60)
    return valeur


# --- password reset --------------------------------------------------------------------------

LIMITE_REINITIALISATIONS = 5  # per identifiant and per address, per hour


def limite_atteinte(cle: str, limite: int = LIMITE_REINITIALISATIONS, duree: int = 3600) -> bool:
    """Count one more request under `cle`; True once the limit is passed."""
    cache.add(cle, 0, duree)
    try:
        compteur = cache.incr(cle)
    except ValueError:
        cache.set(cle, 1, duree)
        compteur = 1
    return compteur > limite


def premier_passage_du_lien(jeton: str) -> bool:
    """True the first time a reset link's token is seen (in the shared cache, for as long as a
    token lives), False ever after. Limit: a mail scanner that opens links before the parent
    uses the link up; the parent then asks for a new one."""
    empreinte = hashlib.sha256(jeton.encode()).hexdigest()
    return cache.add(f"reinit:lien:{empreinte}", True, settings.PASSWORD_RESET_TIMEOUT)


def demander_reinitialisation(
    identifiant: str, email: str, request: HttpRequest | None = None
) -> bool:
    """Send a single-use link if, and only if, identifiant and e-mail match one parent account.
    Returns False when rate-limited. The caller answers the same words either way."""
    from django_q.tasks import async_task

    identifiant = identifiant.strip()
    email = email.strip().lower()
    ip = adresse_ip(request) or "inconnue"
    if limite_atteinte(f"reinit:ip:{ip}", limite=20) or limite_atteinte(
        f"reinit:id:{identifiant.lower()}"
    ):
        return False
    compte = Compte.objects.filter(username__iexact=identifiant, is_active=True).first()
    if compte is None or email not in {
        e.lower() for e in compte.liste_emails + [compte.email] if e
    }:
        journaliser(
            Evenement.Type.REINITIALISATION_DEMANDEE,
            identifiant=identifiant,
            request=request,
            detail="sans correspondance",
        )
        return True
    journaliser(Evenement.Type.REINITIALISATION_DEMANDEE, compte=compte, request=request)
    async_task("famille.comptes.tasks.envoyer_lien_reinitialisation", compte.pk, email)
    return True
