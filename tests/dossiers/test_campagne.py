"""The annual campaign: « Valider » per fiche, the tab's home, the status, outside the window,"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from famille.dossiers.models import (
    Assurance,
    Autorisation,
    Campagne,
    Contact,
    DossierAnnuel,
    Enfant,
    FicheSante,
    Fichier,
    PieceJustificative,
    ResponsableLegal,
    ValidationFiche,
)
from famille.dossiers.services import campagne as svc
from famille.dossiers.services import rattacher_enfant

Fiche = ValidationFiche.Fiche


def creer_campagne(ouverture: datetime.date, cloture: datetime.date, annee: int) -> Campagne:
    return Campagne.objects.create(
        annee_scolaire=f"{annee}-{annee + 1}",
        rentree=datetime.date(annee, 9, 1),
        fin_annee=datetime.date(annee + 1, 7, 5),
        ouverture=ouverture,
        cloture=cloture,
    )


@pytest.fixture
def campagne(db):
    aujourdhui = timezone.localdate()
    return creer_campagne(
        aujourdhui - datetime.timedelta(days=10),
        aujourdhui + datetime.timedelta(days=30),
        aujourdhui.year,
    )


def remplir(foyer, campagne, enfants) -> None:
    """Every fiche filled in, as the forms would save them."""
    foyer.adresse, foyer.code_postal, foyer.ville = "1 rue Haute", "33610", "Cestas"
    foyer.telephone, foyer.situation, foyer.nombre_enfants = "0611223344", "maries", 2
    foyer.regime = "aucun"
    foyer.save()
    responsable = ResponsableLegal.objects.create(
        foyer=foyer, nom="Durand", prenom="Sam", lien="pere", telephone="0611223344"
    )
    responsable.enfants.set(enfants)
    Assurance.objects.create(
        foyer=foyer,
        campagne=campagne,
        assureur="MAIF",
        numero_contrat="1",
        debut=campagne.rentree,
        fin=campagne.fin_annee,
    )
    for enfant in enfants:
        Contact.objects.create(
            enfant=enfant, nom="Durand", prenom="Mamie", lien="grand-mère", telephone="0556"
        )
        Autorisation.objects.create(enfant=enfant, soins_urgence=True)
        FicheSante.objects.create(
            enfant=enfant, medecin_nom="Dr X", vaccin_dtp_date=datetime.date(2024, 1, 1)
        )


def deposer(dossier, type_, enfant=None, statut=PieceJustificative.Statut.DEPOSEE):
    piece = PieceJustificative.objects.create(
        dossier=dossier, type=type_, enfant=enfant, statut=statut
    )
    fichier = Fichier(piece=piece, nom_original="a.pdf", type_mime="application/pdf", taille=4)
    fichier.fichier.save("piece", ContentFile(b"%PDF"), save=False)
    fichier.save()
    return piece


@pytest.fixture
def famille(parent_client, campagne):
    foyer = parent_client.foyer
    enfants = [
        Enfant.objects.create(nom="Durand", prenom=p, date_naissance=datetime.date(2018, 1, 3))
        for p in ("Léa", "Noé")
    ]
    for enfant in enfants:
        rattacher_enfant(foyer, enfant)
    parent_client.enfants = enfants
    return parent_client


def test_accueil_montre_ce_qui_reste_et_la_date_limite(famille, campagne):
    html = famille.get("/dossier-famille/").content.decode()
    assert f"Dossier famille {campagne.annee_scolaire}" in html
    assert "Dossier à valider avant le" in html
    assert campagne.cloture.strftime("%Y") in html
    for libelle in (
        "Fiche famille",
        "Contacts",
        "Assurance",
        "Autorisations de Léa",
        "Fiche santé de Noé",
    ):
        assert libelle in html
    assert "0 / 7 validées" in html
    assert "Justificatif de domicile de moins de deux mois" in html
    assert "À déposer" in html
    assert "Non commencé" in html


def test_valider_apres_recapitulatif(famille, campagne):
    lea = famille.enfants[0]
    Autorisation.objects.create(enfant=lea, photo_video=True)
    url = f"/dossier-famille/valider/autorisations/{lea.pk}/"
    recap = famille.get(url).content.decode()
    assert "Photos et vidéos de l&#x27;enfant dans les activités" in recap
    assert ">Valider</button>" in recap
    reponse = famille.post(url)
    assert reponse.status_code == 302
    dossier = DossierAnnuel.objects.get(foyer=famille.foyer, campagne=campagne)
    assert dossier.validations.filter(fiche=Fiche.AUTORISATIONS, enfant=lea).exists()
    assert dossier.statut == DossierAnnuel.Statut.INCOMPLET
    html = famille.get("/dossier-famille/").content.decode()
    assert "1 / 7 validées" in html and "Validée le" in html


def test_fiche_vide_ne_peut_pas_etre_validee(famille):
    noe = famille.enfants[1]
    url = f"/dossier-famille/valider/sante/{noe.pk}/"
    assert ">Valider</button>" not in famille.get(url).content.decode()
    reponse = famille.post(url, follow=True)
    assert "Remplissez la fiche santé de Noé." in reponse.content.decode()
    assert not ValidationFiche.objects.exists()


def test_modifier_une_fiche_validee_demande_une_nouvelle_validation(famille, campagne):
    lea = famille.enfants[0]
    Autorisation.objects.create(enfant=lea)
    famille.post(f"/dossier-famille/valider/autorisations/{lea.pk}/")
    assert ValidationFiche.objects.count() == 1
    famille.post(
        f"/dossier-famille/autorisations/{lea.pk}/",
        {
            "photo_video": "True",
            "sortie_seul": "False",
            "transport_sorties": "True",
            "soins_urgence": "True",
        },
    )
    assert ValidationFiche.objects.count() == 0


def test_tout_valide_et_depose_passe_a_verifier(famille, campagne):
    foyer = famille.foyer
    remplir(foyer, campagne, famille.enfants)
    dossier = svc.dossier_de(foyer, campagne)
    deposer(dossier, PieceJustificative.Type.DOMICILE)
    deposer(dossier, PieceJustificative.Type.ASSURANCE)
    for fiche, enfant in svc.fiches_attendues(foyer):
        svc.valider_fiche(dossier, fiche, enfant, foyer.titulaire)
    dossier.refresh_from_db()
    assert dossier.statut == DossierAnnuel.Statut.A_VERIFIER
    assert dossier.transmis_le is not None
    html = famille.get("/dossier-famille/").content.decode()
    assert "À vérifier" in html and "Toutes vos fiches sont validées" in html


def test_pieces_requises_selon_la_fiche_sante(famille, campagne):
    lea, noe = famille.enfants
    dossier = svc.dossier_de(famille.foyer, campagne)
    FicheSante.objects.create(enfant=lea, pai=True, vaccin_dtp_date=datetime.date(2024, 1, 1))
    FicheSante.objects.create(enfant=noe)  # no vaccination given: carnet de santé pages
    requises = svc.pieces_requises(dossier)
    Type = PieceJustificative.Type
    assert (Type.DOMICILE, None) in requises and (Type.ASSURANCE, None) in requises
    assert (Type.PAI_CERTIFICAT, lea) in requises and (Type.PAI_PHOTO, lea) in requises
    assert (Type.CARNET_SANTE, noe) in requises
    assert (Type.CARNET_SANTE, lea) not in requises and (Type.PAI_PHOTO, noe) not in requises


def test_hors_campagne_lecture_seule_mais_changements_de_situation(famille, campagne):
    campagne.ouverture = timezone.localdate() - datetime.timedelta(days=60)
    campagne.cloture = timezone.localdate() - datetime.timedelta(days=1)
    campagne.save()
    lea = famille.enfants[0]
    html = famille.get("/dossier-famille/assurance/").content.decode()
    assert "Fiche en lecture seule." in html and "disabled" in html
    reponse = famille.post(
        "/dossier-famille/assurance/",
        {"assureur": "MAIF", "numero_contrat": "1", "debut": "2000-01-01", "fin": "2100-01-01"},
    )
    assert not Assurance.objects.exists() and reponse.status_code == 200
    # The fiche famille: address editable, allocation data locked.
    html = famille.get("/dossier-famille/famille/").content.decode()
    assert "changement de situation" in html
    assert re.search(r'<select name="foyer-regime"[^>]*disabled', html)
    assert not re.search(r'<input type="text" name="foyer-adresse"[^>]*disabled', html)
    # A change of situation in the fiche santé is still possible…
    reponse = famille.post(
        f"/dossier-famille/sante/{lea.pk}/",
        {
            "medecin_nom": "Dr Y",
            "pai": "False",
            "regime": "standard",
            "besoins_particuliers": "False",
        },
    )
    assert reponse.status_code == 302 and FicheSante.objects.filter(enfant=lea).exists()
    # …but no validation.
    reponse = famille.post(f"/dossier-famille/valider/sante/{lea.pk}/", follow=True)
    assert "Le renouvellement du dossier est fermé" in reponse.content.decode()
    assert not ValidationFiche.objects.exists()
    assert "est fermé depuis le" in famille.get("/dossier-famille/").content.decode()


def test_campagne_dates_incoherentes_refusees(db):
    from django.core.exceptions import ValidationError

    campagne = Campagne(
        annee_scolaire="2030-2031",
        rentree=datetime.date(2030, 9, 1),
        fin_annee=datetime.date(2030, 7, 1),
        ouverture=datetime.date(2030, 6, 1),
        cloture=datetime.date(2030, 5, 1),
        relances="30,quinze",
    )
    with pytest.raises(ValidationError) as erreur:
        campagne.full_clean()
    assert set(erreur.value.message_dict) == {"fin_annee", "cloture", "relances"}
