"""Who may open what in the Wagtail admin: the reference (issue 8.2).

Every URL of the admin is taken from Django's URL resolver (snippet choosers and bulk actions
included, ids of real objects filled in) and opened as the Éducation, Communication and Régie
groups, as a parent and anonymously. `ATTENDU` below is the reference of who may see what;
a new admin URL that this file does not know makes the test fail, so that someone decides.

Left out, with the reason: Wagtail's content admin (pages, images, documents, collections,
workflows, redirects, embeds, page choosers and its JSON API) holds no family data and follows
Wagtail's page and collection permissions (tests/comptes/test_roles.py); the login, logout and
password-reset screens, static helpers (sprite, jsi18n) and Wagtail's own error test pages.

Outcomes: VOIT (200, or a redirect inside the admin that is not a refusal), REFUSE (403, or
Wagtail's redirect to the dashboard with its permission message), CONNEXION (302 to the admin's
login: parents and anonymous visitors). A view that only accepts POST is tried with an empty
POST, rolled back after each request like every other."""

from __future__ import annotations

import datetime
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from famille.comptes.roles import COMMUNICATION, EDUCATION, PERMISSIONS_PAR_ROLE, REGIE

E, C, R = EDUCATION, COMMUNICATION, REGIE
VOIT, REFUSE, CONNEXION = "voit", "refusé", "connexion"

EXCLUS = re.compile(
    r"^admin/("
    r"pages/|images/|documents/|collections/|workflows/|redirects/|embeds/|api/|locales/"
    r"|choose-|tag-autocomplete/|editing-sessions/|block-preview/|dismissibles/"
    r"|reports/(locked|workflow|aging-pages|page-types-usage)"
    r"|bulk/(wagtailcore|wagtailimages|wagtaildocs)/"
    r"|settings/.*/preview/"  # no preview for our settings: a 404 for whoever may edit them
    # The paper signature of a règlement needs a published règlement and a child who has not
    # signed it (a 404 otherwise, for every role): tests/dossiers/test_saisie_papier.py.
    r"|dossiers-papier/[^/]+/reglement/"
    r"|login/|logout/|password_reset/|sprite/|jsi18n/|failwhale/|test404/|\^\.\*/\$"
    r")"
)

# --- The reference --------------------------------------------------------------------------
# Models of the domain, per role: what each may do. « voir » = list, inspect, chooser;
# « ajouter », « modifier » (edit, and Wagtail's history and usage screens, which it opens to
# who may edit), « supprimer » = the add / edit / delete screens and bulk actions.
VOIR, AJOUTER, MODIFIER, SUPPRIMER = "voir", "ajouter", "modifier", "supprimer"
TOUT = {VOIR, AJOUTER, MODIFIER, SUPPRIMER}
SANS_SUPPRIMER = {VOIR, AJOUTER, MODIFIER}
MODELES: dict[str, dict[str, set[str]]] = {
    "comptes.structure": {E: SANS_SUPPRIMER},
    "comptes.evenement": {E: {VOIR}},  # the security journal: read-only evidence
    "comptes.compte": {},  # Wagtail's Users admin: superusers only
    "auth.group": {},
    "wagtailcore.site": {},
    "dossiers.foyer": {E: SANS_SUPPRIMER, R: {VOIR}},
    "dossiers.enfant": {E: SANS_SUPPRIMER},
    "dossiers.garde": {E: TOUT},
    "dossiers.ecole": {E: SANS_SUPPRIMER},
    "dossiers.classe": {E: TOUT},
    "dossiers.signaturereglement": {E: {VOIR}},
    "dossiers.campagne": {E: SANS_SUPPRIMER},
    "dossiers.dossierannuel": {E: SANS_SUPPRIMER},
    # School and class names remembered from import previews: checked or undone, created
    # only by the preview itself.
    "transfers.correspondanceecole": {E: {VOIR, MODIFIER, SUPPRIMER}},
    "transfers.correspondanceclasse": {E: {VOIR, MODIFIER, SUPPRIMER}},
    # Billing: Éducation sets prices and quotients, the Régie reads them and handles the
    # modifiers and reminders; ledger lines, balances and statements are read-only evidence.
    "facturation.tarif": {E: TOUT, R: {VOIR}},
    "facturation.quotientfamilial": {E: SANS_SUPPRIMER, R: {VOIR}},
    "facturation.reglesfacturation": {E: SANS_SUPPRIMER, R: {VOIR}},
    "facturation.parametresfacturation": {E: SANS_SUPPRIMER, R: SANS_SUPPRIMER},
    "facturation.lignecompte": {E: {VOIR}, R: {VOIR}},
    "facturation.solde": {E: {VOIR}, R: {VOIR}},
    "facturation.facture": {E: {VOIR}, R: {VOIR}},
    # Receipts and attestations are evidence: the Régie takes, refunds and cancels through its
    # own screens (admin/regie/…), never through a generic form.
    "facturation.encaissement": {R: {VOIR}},
    "facturation.attestationfiscale": {R: {VOIR}},
    # Online payment: the Régie sets its PayFiP client number and mode; the attempts are
    # read-only evidence (only the bank's answers change them).
    "facturation.regiepaiement": {R: SANS_SUPPRIMER},
    "facturation.transactionpaiement": {R: {VOIR}},
    # Absences reported by parents: listed; the decision has its own screen (below).
    "reservations.absence": {E: {VOIR}},
}
# The structure chooser opens to every staff role: Communication picks the structure of a
# règlement page, and a structure's name and town are public (no family data).
CHOOSERS_OUVERTS = {"comptes.structure": {E, C, R}}
VUES_CHOOSER = {"choose", "choose_results", "chosen", "chosen_multiple"}

ACTION_DES_VUES = {
    "list": VOIR,
    "list_results": VOIR,
    "index": VOIR,
    "index_results": VOIR,
    "inspect": VOIR,
    "usage": MODIFIER,
    "history": MODIFIER,
    "history_results": MODIFIER,
    "choose": VOIR,
    "choose_results": VOIR,
    "chosen": VOIR,
    "chosen_multiple": VOIR,
    "add": AJOUTER,
    "create": AJOUTER,
    "copy": AJOUTER,
    "edit": MODIFIER,
    "delete": SUPPRIMER,
}

# Screens that are not one model's generic views: who opens them. A key ending with « * »
# covers every URL under it; the others are exact.
AUTRES: dict[str, set[str]] = {
    "admin/": {E, C, R},  # the dashboard
    "admin/account/": {E, C, R},
    "admin/snippets/": set(),  # Wagtail's snippets index: our snippets have their own menus
    "admin/historique-fiches/": {E},
    "admin/snippets/dossiers/foyer/famille/*": {E, R},  # one page per family (health: E only)
    "admin/dossiers-papier/*": {E},
    "admin/dossiers-revue/revue/*": {E},
    "admin/dossiers-revue/piece/*": {E},
    "admin/dossiers-revue/fichier/*": {E},
    "admin/snippets/dossiers/foyer/second-parent/*": {E},
    "admin/reglements-signes/pdf/*": {E},
    "admin/snippets/facturation/facture/pdf/*": {E, R},
    "admin/snippets/facturation/facture/envoyer/*": {R},  # sending a statement again
    "admin/facturation/compte/*": {E, R},  # one family's ledger (« Compte de la famille »)
    "admin/regie/*": {R},  # the counter, receipts, bordereau, totals, attestations: money
    "admin/classes/*": {E},  # several classes at once, the roll-over to the next year
    "admin/courriers/*": {E},  # a batch of identifiant letters (its author only)
    "admin/guide-education/": {E, C, R},  # the staff's guide (Aide menu)
    "admin/listes-ecoles/*": {E},  # PAI, contacts, photo permission per class
    "admin/reservations-guichet/*": {E},
    "admin/reservations-attente/*": {E},
    "admin/repas-effectifs/*": {E},  # the kitchens' counts and their printed pages
    # Accept or refuse an absence's justification; its medical certificate (health data).
    "admin/snippets/reservations/absence/decision/*": {E},
    "admin/snippets/reservations/absence/certificat/*": {E},
    "admin/journees-cloture/": {E},  # the day's counts, then closing it
    "admin/transferts/": {E},  # « Importer »: the imports one may run
    "admin/transferts/importer/*": {E},
    "admin/transferts/imports/*": {E},
    "admin/transferts/historique/": {E},
    "admin/transferts/exports/*": {E, R},
    "admin/forms/": {C},  # the form pages, which Communication edits
    "admin/forms/results/": {C},
    "admin/forms/submissions/*": {E},  # the answers: family data
    "admin/demandes/": {E},  # « Demandes des familles »: the forms whose answers E reads
    "admin/settings/home/parametresportail/*": {C},
    "admin/settings/comptes/documentslegaux/*": {C},
    "admin/settings/formulaires/destinatairesdemandes/*": {E},  # where answers are e-mailed
    "admin/reports/site-history/*": {E, C, R},
    "admin/users/*": set(),
    "admin/groups/*": set(),
    "admin/sites/*": set(),
}
BULK = {"dossiers.foyer.courriers": {E}}


def attendu(chemin: str, modele: str | None, vue: str | None, role: str) -> str:
    if role in ("parent", "anonyme"):
        return CONNEXION
    if vue == "bulk":
        qui = BULK.get(modele)
        if qui is None:
            action = modele.rsplit(".", 1)[1]
            qui = {r for r, a in droits(modele.rsplit(".", 1)[0]).items() if _action(action) in a}
        return VOIT if role in qui else REFUSE
    if vue in VUES_CHOOSER and modele in CHOOSERS_OUVERTS:
        return VOIT if role in CHOOSERS_OUVERTS[modele] else REFUSE
    cles = [c for c in AUTRES if chemin == c or (c[-1] == "*" and chemin.startswith(c[:-1]))]
    if cles:
        return VOIT if role in AUTRES[max(cles, key=len)] else REFUSE
    if vue not in ACTION_DES_VUES:
        return "à décider dans ce fichier"
    action = ACTION_DES_VUES[vue]
    return VOIT if action in droits(modele).get(role, set()) else REFUSE


def droits(modele: str) -> dict[str, set[str]]:
    """MODELES above, else what famille/comptes/roles.py grants (the declared least
    privilege) for the models other capabilities add (facturation, réservations…)."""
    if modele in MODELES:
        return MODELES[modele]
    app_label, nom = modele.split(".")
    actions = {"view": VOIR, "add": AJOUTER, "change": MODIFIER, "delete": SUPPRIMER}
    resultat = {}
    for role, regles in PERMISSIONS_PAR_ROLE.items():
        for app, modele_role, permises in regles:
            if (app, modele_role) == (app_label, nom):
                resultat[role] = {actions[p] for p in permises if p in actions}
                if resultat[role]:
                    resultat[role].add(VOIR)  # Wagtail lists for any permission
    return resultat


def _action(bulk_action: str) -> str:
    return {"delete": SUPPRIMER}.get(bulk_action, MODIFIER)


# --- The data: one real object of each kind --------------------------------------------------


@pytest.fixture
def objets(personas, campagne_ouverte, structure):
    from wagtail.models import Site

    from famille.comptes.models import Evenement, LotCourriers
    from famille.dossiers.demo_pieces import pdf_minimal
    from famille.dossiers.models import (
        Classe,
        DossierAnnuel,
        Ecole,
        Fichier,
        Foyer,
        Garde,
        PieceJustificative,
        SignatureReglement,
    )
    from famille.dossiers.services import pieces
    from forms import demo as formulaires_demo
    from home.models import ReglementPage
    from transfers.models import CorrespondanceClasse, CorrespondanceEcole, ImportFichier

    alice = personas.alice
    # A paper dossier: its screens (saisie, dépôt des pièces) open for the Éducation group.
    Foyer.objects.filter(pk=alice.foyer.pk).update(dossier_papier=True)
    ecole = Ecole.objects.create(nom="École du Parc", structure=structure)
    classe = Classe.objects.create(ecole=ecole, nom="CP")
    dossier = pieces.dossier_courant(alice.foyer)
    DossierAnnuel.objects.filter(pk=dossier.pk).update(
        statut=DossierAnnuel.Statut.A_VERIFIER, papier=True
    )
    fichier = SimpleUploadedFile("facture.pdf", pdf_minimal())
    pieces.deposer(dossier, "domicile", None, [pieces.verifier_fichier(fichier)], alice.compte)
    piece = PieceJustificative.objects.get(dossier=dossier)
    page = ReglementPage(title="Règlement", slug="reglement", structure=structure, corps="Texte")
    Site.objects.get().root_page.add_child(instance=page)
    revision = page.save_revision()
    revision.publish()
    signature = SignatureReglement.objects.create(
        enfant=alice.enfants["Léa"],
        compte=alice.compte,
        structure=structure,
        page=page,
        revision=revision,
        empreinte="0" * 64,
        nom="Alice Martin",
        lieu="Cestas",
        signe_le=timezone.now(),
    )
    import_fichier = ImportFichier(type="inscriptions", nom_original="inscriptions.csv")
    import_fichier.fichier.save("inscriptions.csv", ContentFile(b"nom;prenom\n"), save=True)
    evenement = Evenement.objects.create(type=Evenement.Type.CONNEXION, identifiant="F7001")
    lot = LotCourriers.objects.create(
        auteur=personas.agent_education, total=1, statut=LotCourriers.Statut.PRET
    )
    lot.fichier.save("courriers.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    facturation = _objets_facturation(alice.foyer, structure)
    from famille.reservations.models import SiteRepas

    site_repas = SiteRepas.objects.create(structure=structure, nom="Restaurant du Parc")
    site_repas.ecoles.add(ecole)
    return {
        "reservations.siterepas": site_repas,
        **facturation,
        "reservations.absence": _absence(alice, structure),
        "transfers.correspondanceecole": CorrespondanceEcole.objects.create(
            nom="Ecole du parc", ecole=ecole
        ),
        "transfers.correspondanceclasse": CorrespondanceClasse.objects.create(
            ecole=ecole, nom="CP A", classe=classe
        ),
        "lot": lot,
        "comptes.structure": structure,
        "comptes.evenement": evenement,
        "comptes.compte": alice.compte,
        "auth.group": Group.objects.get(name=EDUCATION),
        "wagtailcore.site": Site.objects.get(),
        "dossiers.foyer": alice.foyer,
        "dossiers.enfant": alice.enfants["Léa"],
        "dossiers.garde": Garde.objects.get(foyer=alice.foyer, enfant=alice.enfants["Tom"]),
        "dossiers.ecole": ecole,
        "dossiers.classe": classe,
        "dossiers.signaturereglement": signature,
        "dossiers.campagne": campagne_ouverte,
        "dossiers.dossierannuel": dossier,
        "piece": piece,
        "fichier": Fichier.objects.get(piece=piece),
        "import": import_fichier,
        "formulaire": formulaires_demo.charger(),
    }


def _absence(alice, structure):
    """Léa's absence for illness today, with its certificate (the decision and download)."""
    from famille.dossiers.demo_pieces import pdf_minimal
    from famille.dossiers.services.pieces_verification import verifier_fichier
    from famille.reservations.models import Prestation, Reservation
    from famille.reservations.services import absences

    soir = Prestation.objects.create(
        structure=structure, nom="Accueil du soir", code="soir-matrice", type="soir"
    )
    lea, jour = alice.enfants["Léa"], timezone.localdate()
    Reservation.objects.create(foyer=alice.foyer, enfant=lea, prestation=soir, date=jour)
    certificat = verifier_fichier(SimpleUploadedFile("certificat.pdf", pdf_minimal()))
    return absences.signaler_absence(
        alice.compte, alice.foyer, lea, jour, "maladie", certificat=certificat
    )


def _objets_facturation(foyer, structure) -> dict:
    from decimal import Decimal

    from famille.comptes.models import Compte
    from famille.facturation import models as f
    from famille.facturation.services import factures, grand_livre, regie
    from famille.reservations.models import Prestation

    cantine = Prestation.objects.create(
        structure=structure, nom="Cantine", code="cantine-matrice", type="restauration"
    )
    jour = timezone.localdate()
    paiement = grand_livre.enregistrer_operation(
        None,
        foyer_id=foyer.pk,
        structure_id=structure.pk,
        type_="paiement",
        montant=Decimal("5"),
        jour=jour,
        libelle="Paiement",
    )
    return {
        "facturation.tarif": f.Tarif.objects.create(
            prestation=cantine, qf_min=0, prix=Decimal("3.45"), debut=jour
        ),
        "facturation.quotientfamilial": f.QuotientFamilial.objects.create(
            foyer=foyer, valeur=Decimal("600"), debut=jour
        ),
        "facturation.reglesfacturation": f.ReglesFacturation.objects.create(
            prestation=cantine, categorie="repas"
        ),
        "facturation.parametresfacturation": f.ParametresFacturation.objects.create(
            structure=structure
        ),
        "facturation.lignecompte": paiement,
        "facturation.solde": f.Solde.objects.get(foyer=foyer),
        "facturation.facture": factures.emettre(foyer.pk, structure.pk, jour),
        "facturation.encaissement": regie.encaisser(
            Compte.objects.filter(groups__name=REGIE).first(),
            foyer=foyer,
            structure_id=structure.pk,
            montant="12.50",
            mode="especes",
        ),
        "facturation.attestationfiscale": f.AttestationFiscale.objects.create(
            foyer=foyer, structure=structure, annee=jour.year - 1, numero=1, total=Decimal("9")
        ),
        "facturation.regisseur": f.Regisseur.objects.create(structure=structure, nom="R. Égie"),
        "facturation.regiepaiement": f.RegiePaiement.objects.create(
            structure=structure, banque="payfip_ws", numcli="090909"
        ),
        "facturation.transactionpaiement": f.TransactionPaiement.objects.create(
            foyer=foyer,
            structure=structure,
            payeur=foyer.titulaire,
            montant=Decimal("5"),
            email="payeur@exemple.fr",
            reference="MATRICE",
            banque="payfip_ws",
        ),
    }


@pytest.fixture
def campagne_ouverte(db):
    from famille.dossiers.models import Campagne

    aujourdhui = timezone.localdate()
    return Campagne.objects.create(
        annee_scolaire="2030-2031",
        rentree=aujourdhui + datetime.timedelta(days=60),
        fin_annee=aujourdhui + datetime.timedelta(days=360),
        ouverture=aujourdhui - datetime.timedelta(days=10),
        cloture=aujourdhui + datetime.timedelta(days=30),
    )


# --- Walking the resolver ---------------------------------------------------------------------


def _motifs(patterns, prefixe=""):
    for motif in patterns:
        if isinstance(motif, URLResolver):
            yield from _motifs(motif.url_patterns, prefixe + str(motif.pattern))
        elif isinstance(motif, URLPattern):
            yield prefixe + str(motif.pattern), motif


def _modele_de(chemin: str, callback) -> str | None:
    modele = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if modele is not None:
        return modele._meta.label_lower
    # A snippet's own extra views (Compte famille's add…) are not built for a model.
    snippet = re.match(r"admin/snippets/(?:choose/)?(\w+)/(\w+)/", chemin)
    return f"{snippet[1]}.{snippet[2]}" if snippet else None


def _remplir(chemin: str, modele: str | None, objets) -> str:
    def valeur(match):
        nom = match.group(2)
        if nom == "pk" and modele in objets:
            return str(objets[modele].pk)
        if nom == "pk" and modele and "." in modele:
            instance = apps.get_model(modele).objects.first()
            return str(instance.pk if instance else 0)  # 0: left out, see urls_admin
        for prefixe, cle in (
            ("admin/dossiers-revue/piece/", "piece"),
            ("admin/dossiers-revue/fichier/", "fichier"),
            ("admin/dossiers-revue/", "dossiers.dossierannuel"),
            ("admin/dossiers-papier/foyer/", "dossiers.foyer"),
            ("admin/dossiers-papier/", "dossiers.dossierannuel"),
            ("admin/transferts/imports/", "import"),
            ("admin/courriers/", "lot"),
            ("admin/reglements-signes/", "dossiers.signaturereglement"),
            ("admin/snippets/dossiers/foyer/", "dossiers.foyer"),
            ("admin/snippets/facturation/facture/", "facturation.facture"),
            ("admin/facturation/compte/", "dossiers.foyer"),
            ("admin/regie/recu/", "facturation.encaissement"),
            ("admin/regie/annuler/", "facturation.encaissement"),
            ("admin/regie/attestations/", "facturation.attestationfiscale"),
        ):
            if nom == "pk" and chemin.startswith(prefixe):
                return str(objets[cle].pk)
        if nom == "pk":
            return "0"  # an object this data set does not make: left out, see urls_admin
        return {
            "enfant_pk": str(objets["dossiers.enfant"].pk),
            "structure_pk": str(objets["comptes.structure"].pk),
            "fiche": "autorisations" if "enfant_pk" in chemin else "famille",
            "type_": "inscriptions",
            "format": "csv",
            "cle": "familles",
            "page_id": str(objets["formulaire"].pk),
            "app_name": chemin.split("/")[2],
            "model_name": chemin.split("/")[3],
            "page": "1",  # a page of a pièce's preview
        }[nom]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", valeur, chemin)


def _settings(objets):
    from famille.comptes.models import DocumentsLegaux
    from forms.models import DestinatairesDemandes
    from home.models import ParametresPortail

    return {
        "home/parametresportail": ParametresPortail.load().pk,
        "comptes/documentslegaux": DocumentsLegaux.load().pk,
        "formulaires/destinatairesdemandes": DestinatairesDemandes.load().pk,
    }


def urls_admin(objets) -> list[tuple[str, str | None, str | None]]:
    """(URL to open, model label or None, view name) for every admin URL under test."""
    urls = []
    reglages = _settings(objets)
    for chemin, motif in _motifs(get_resolver().url_patterns):
        if not chemin.startswith("admin/") or EXCLUS.match(chemin):
            continue
        modele = _modele_de(chemin, motif.callback)
        if chemin == "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/":
            for label in MODELES:
                if label not in objets:
                    continue
                app_label, model_name = label.split(".")
                for action in bulk_action_registry.get_bulk_actions_for_model(
                    app_label, model_name
                ):
                    url = f"/admin/bulk/{app_label}/{model_name}/{action.action_type}/"
                    urls.append(
                        (f"{url}?id={objets[label].pk}", f"{label}.{action.action_type}", "bulk")
                    )
            continue
        if chemin.startswith("admin/settings/"):
            for cle, pk in reglages.items():
                url = chemin.replace("<slug:app_name>/<slug:model_name>", cle)
                urls.append(("/" + url.replace("<int:pk>", str(pk)), None, motif.name))
            continue
        url = _remplir(chemin, modele, objets)
        if "/0/" in url:
            # No object of that kind in this cheap data set (invoices, balances, batches of
            # letters): Wagtail looks the object up before the permission, so every role
            # would get the same 404. Their own tests check those screens' permissions.
            continue
        urls.append((url, modele, motif.name))
    return urls


def ouvrir(client: Client, url: str) -> str:
    # Rolled back: what one request changes (an empty POST that clears « dossier papier »…)
    # must not change what the next role gets.
    with transaction.atomic():
        resultat = _ouvrir(client, url)
        transaction.set_rollback(True)
    return resultat


def _ouvrir(client: Client, url: str) -> str:
    reponse = client.get(url)
    if reponse.status_code == 405:
        reponse = client.post(url, {"piece": "domicile"})  # a known pièce, and no file
    suite = reponse.get("Location", "")
    if reponse.status_code == 302 and suite.startswith(url) and "login" not in suite:
        reponse = client.get(reponse["Location"])  # a setting's page goes on to its /1/
    if reponse.status_code == 302:
        cible = reponse["Location"]
        if cible.startswith("/admin/login/"):
            return CONNEXION
        if cible in ("/admin/", "/admin"):
            return REFUSE
        return VOIT
    if reponse.status_code in (200, 400):  # 400: a form view refusing an empty POST
        return VOIT
    if reponse.status_code == 403:
        return REFUSE
    return f"HTTP {reponse.status_code}"


# Permissions do not depend on the database, and this walk is the suite's longest test: run on
# SQLite only (bin/tests' PostgreSQL pass leaves it out), to keep CI within its time budget.
@pytest.mark.sqlite
def test_qui_ouvre_quoi_dans_l_administration(personas, objets, connecter):
    clients = {
        "parent": connecter(personas.alice),
        "anonyme": Client(),
        C: connecter(personas.agent_communication),
        R: connecter(personas.agent_regie),
        E: connecter(personas.agent_education),
    }
    urls = urls_admin(objets)
    assert len(urls) > 150
    ecarts = []
    for url, modele, vue in urls:
        for role, client in clients.items():
            obtenu = ouvrir(client, url)
            voulu = attendu(url[1:].split("?")[0], modele, vue, role)
            if obtenu != voulu:
                ecarts.append(f"{role:13} {url:70} attendu {voulu}, obtenu {obtenu}")
    assert not ecarts, "\n".join(ecarts)


def test_les_choosers_ne_montrent_pas_les_familles_aux_autres_roles(personas, connecter):
    """The leak of issue 8.2, in words: Communication and Régie listed every child and
    custody rule through the snippet choosers."""
    for agent in (personas.agent_communication, personas.agent_regie):
        client = connecter(agent)
        for modele in ("enfant", "garde", "signaturereglement"):
            reponse = client.get(
                f"/admin/snippets/choose/dossiers/{modele}/results/", {"q": "Léa"}, follow=True
            )
            assert "Léa" not in reponse.content.decode()
    reponse = connecter(personas.agent_education).get(
        "/admin/snippets/choose/dossiers/enfant/results/", {"q": "Léa"}
    )
    assert "Léa" in reponse.content.decode()


def test_le_courrier_d_identifiants_reserve_au_service_education(personas, connecter):
    url = f"/admin/bulk/dossiers/foyer/courriers/?id={personas.alice.foyer.pk}"
    for agent in (personas.agent_communication, personas.agent_regie):
        reponse = connecter(agent).get(url, follow=True)
        assert "F7001" not in reponse.content.decode()
        assert "Martin" not in reponse.content.decode()
    reponse = connecter(personas.agent_education).get(url)
    assert reponse.status_code == 200 and "F7001" in reponse.content.decode()
