"""One signature per child, règlement version and parent (issue 8.5): a double click, or 20
submits at once, record one row — a database constraint and an idempotent service."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from famille.dossiers.models import (
    DossierFamillePage,
    Enfant,
    ResponsableLegal,
    SignatureReglement,
)
from famille.dossiers.services import rattacher_enfant
from famille.dossiers.services import reglement as services

TEXTE = "<p>Réserver au moins 3 jours à l'avance.</p>"


@pytest.fixture
def signataire(publier_reglement, creer_famille):
    page = publier_reglement(TEXTE)
    foyer = creer_famille()
    enfant = Enfant.objects.create(
        nom="Martin", prenom="Léo", date_naissance=datetime.date(2016, 5, 1)
    )
    rattacher_enfant(foyer, enfant)
    # The signer must be a responsable légal of the foyer.
    ResponsableLegal.objects.create(
        foyer=foyer, nom="Martin", prenom="Camille", lien="mere", telephone="0600000001"
    )
    return foyer.titulaire, enfant, services.reglement_en_vigueur(page.structure)


def signer(compte, enfant, reglement):
    return services.signer(
        enfant=enfant,
        compte=compte,
        reglement=reglement,
        nom="Camille Martin",
        lieu="Cestas",
        signe_le=timezone.now(),
        adresse_ip="192.0.2.10",
    )


def test_double_envoi_du_formulaire_une_seule_signature(client, signataire):
    compte, enfant, _ = signataire
    client.force_login(compte)
    maintenant = timezone.localtime()
    donnees = {
        "lu": "on",
        "nom": "Camille Martin",
        "lieu": "Cestas",
        "date": maintenant.strftime("%Y-%m-%d"),
        "heure": maintenant.strftime("%H:%M"),
        "version": services.empreinte(TEXTE),
    }
    url = DossierFamillePage.url_de("reglement_fiche", enfant.pk)
    premiere = client.post(url, donnees, follow=True)
    seconde = client.post(url, donnees, follow=True)
    assert "La fiche de Léo est validée et signée." in premiere.content.decode()
    assert seconde.status_code == 200
    assert SignatureReglement.objects.count() == 1


def test_la_base_refuse_une_seconde_ligne_pour_la_meme_version(signataire):
    compte, enfant, reglement = signataire
    premiere = signer(compte, enfant, reglement)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatureReglement.objects.create(
            enfant=enfant,
            compte=compte,
            structure=premiere.structure,
            page=premiere.page,
            revision=premiere.revision,
            empreinte=premiere.empreinte,
            nom="Camille Martin",
            lieu="Cestas",
            signe_le=timezone.now(),
        )


def test_le_service_rend_la_signature_deja_enregistree_par_une_course(signataire, monkeypatch):
    """Two requests both checked « not signed yet » before either wrote: the second insert
    meets the constraint and the service answers with the first signature."""
    compte, enfant, reglement = signataire
    premiere = signer(compte, enfant, reglement)
    vraie = services.signature_en_vigueur
    appels = []

    def pas_encore_vue(*args):
        appels.append(args)
        return None if len(appels) == 1 else vraie(*args)

    monkeypatch.setattr(services, "signature_en_vigueur", pas_encore_vue)
    assert signer(compte, enfant, reglement) == premiere
    assert SignatureReglement.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_vingt_signatures_simultanees_une_seule_ligne(signataire):
    compte, enfant, reglement = signataire
    depart = threading.Barrier(20)
    resultats, erreurs = [], []

    def envoyer():
        try:
            depart.wait()
            resultats.append(signer(compte, enfant, reglement).pk)
        except Exception as erreur:  # noqa: BLE001 — reported by the assertion below
            erreurs.append(erreur)
        finally:
            connection.close()

    fils = [threading.Thread(target=envoyer) for _ in range(20)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert erreurs == []
    assert SignatureReglement.objects.count() == 1
    assert set(resultats) == {SignatureReglement.objects.get().pk}
