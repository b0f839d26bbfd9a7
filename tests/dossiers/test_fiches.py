"""The fiches of the Dossier Famille, as a parent fills them in."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from famille.dossiers.models import (
    Assurance,
    Autorisation,
    Campagne,
    Contact,
    Enfant,
    FicheSante,
    Foyer,
    Modification,
    ResponsableLegal,
)
from famille.dossiers.services import rattacher_enfant

ASTERISQUE = "Les éléments marqués d'un astérisque ("


@pytest.fixture
def campagne(db):
    aujourdhui = timezone.localdate()
    annee = aujourdhui.year
    return Campagne.objects.create(
        annee_scolaire=f"{annee}-{annee + 1}",
        rentree=datetime.date(annee, 9, 1),
        fin_annee=datetime.date(annee + 1, 7, 5),
        ouverture=aujourdhui - datetime.timedelta(days=10),
        cloture=aujourdhui + datetime.timedelta(days=30),
    )


@pytest.fixture
def famille(parent_client, campagne):
    foyer = parent_client.foyer
    enfants = [
        Enfant.objects.create(nom="Durand", prenom=p, date_naissance=datetime.date(2018, m, 3))
        for p, m in (("Léa", 2), ("Noé", 5))
    ]
    for enfant in enfants:
        rattacher_enfant(foyer, enfant)
    parent_client.enfants = enfants
    return parent_client


def donnees_foyer(**autres) -> dict:
    donnees = {
        "foyer-adresse": "12 rue des Écoles",
        "foyer-complement_adresse": "",
        "foyer-code_postal": "33610",
        "foyer-ville": "Cestas",
        "foyer-telephone": "06 11 22 33 44",
        "foyer-telephone_secours": "",
        "foyer-situation": Foyer.Situation.MARIES,
        "foyer-nombre_enfants": "2",
        "foyer-regime": Foyer.Regime.CAF,
        "foyer-numero_allocataire": "1234567",
        "foyer-reside_commune": "True",
        "responsables-TOTAL_FORMS": "1",
        "responsables-INITIAL_FORMS": "0",
        "responsables-MIN_NUM_FORMS": "0",
        "responsables-MAX_NUM_FORMS": "1000",
        "responsables-0-prenom": "Sam",
        "responsables-0-nom": "Durand",
        "responsables-0-lien": ResponsableLegal.Lien.PERE,
        "responsables-0-telephone": "06 11 22 33 55",
    }
    donnees.update(autres)
    return donnees


def test_fiche_famille_asterisques_expliques_une_fois(famille):
    html = famille.get("/dossier-famille/famille/").content.decode()
    assert html.count(ASTERISQUE) == 1
    assert html.count('class="asteriskField"') > 5  # adresse, code postal, ville, téléphone…
    assert "Responsables légaux" in html
    # The foyer's children are offered for the responsable's links.
    assert "Léa Durand" in html and "Noé Durand" in html


def test_fiche_famille_enregistree_puis_recapitulatif(famille):
    lea, noe = famille.enfants
    reponse = famille.post(
        "/dossier-famille/famille/", donnees_foyer(**{"responsables-0-enfants": [lea.pk, noe.pk]})
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == "/dossier-famille/valider/famille/"
    foyer = Foyer.objects.get(pk=famille.foyer.pk)
    assert foyer.adresse == "12 rue des Écoles" and foyer.numero_allocataire == "1234567"
    responsable = foyer.responsables.get()
    assert set(responsable.enfants.all()) == {lea, noe}
    modification = Modification.objects.get(fiche="famille")
    assert modification.changements["Adresse"] == ["", "12 rue des Écoles"]
    assert modification.auteur == famille.foyer.titulaire
    recap = famille.get(reponse["Location"]).content.decode()
    assert "12 rue des Écoles" in recap and ">Valider</button>" in recap


def test_champ_obligatoire_vide_message_sur_le_champ_rien_enregistre(famille):
    reponse = famille.post("/dossier-famille/famille/", donnees_foyer(**{"foyer-adresse": ""}))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Ce champ est à renseigner." in html
    assert 'id="error_1_id_foyer-adresse"' in html  # the message sits under the field
    assert 'value="Cestas"' in html and 'value="Sam"' in html  # the rest is kept
    foyer = Foyer.objects.get(pk=famille.foyer.pk)
    assert foyer.ville == "" and not foyer.responsables.exists()
    assert not Modification.objects.exists()


def test_numero_allocataire_exige_pour_la_caf(famille):
    reponse = famille.post(
        "/dossier-famille/famille/", donnees_foyer(**{"foyer-numero_allocataire": ""})
    )
    assert "Indiquez votre numéro d&#x27;allocataire CAF ou MSA." in reponse.content.decode()
    assert Foyer.objects.get(pk=famille.foyer.pk).adresse == ""


def _contacts(enfants, **valeurs) -> dict:
    donnees = {}
    for enfant in enfants:
        prefixe = f"contacts-{enfant.pk}"
        donnees |= {
            f"{prefixe}-TOTAL_FORMS": "1",
            f"{prefixe}-INITIAL_FORMS": "0",
            f"{prefixe}-MIN_NUM_FORMS": "0",
            f"{prefixe}-MAX_NUM_FORMS": "1000",
            f"{prefixe}-0-prenom": "Mamie",
            f"{prefixe}-0-nom": "Durand",
            f"{prefixe}-0-lien": "grand-mère",
            f"{prefixe}-0-telephone": "05 56 00 00 00",
            f"{prefixe}-0-appeler_en_urgence": "on",
            f"{prefixe}-0-peut_recuperer": "on",
        }
    donnees.update(valeurs)
    return donnees


def test_contacts_par_enfant(famille):
    lea, noe = famille.enfants
    html = famille.get("/dossier-famille/contacts/").content.decode()
    assert "Contacts de Léa Durand" in html and "Contacts de Noé Durand" in html
    reponse = famille.post("/dossier-famille/contacts/", _contacts([lea, noe]))
    assert reponse.status_code == 302
    assert Contact.objects.filter(enfant=lea, peut_recuperer=True).count() == 1
    assert Modification.objects.filter(fiche="contacts").count() == 2


def test_contact_sans_telephone_refuse_et_rien_enregistre(famille):
    lea, noe = famille.enfants
    reponse = famille.post(
        "/dossier-famille/contacts/",
        _contacts([lea, noe], **{f"contacts-{noe.pk}-0-telephone": ""}),
    )
    assert reponse.status_code == 200
    assert "Ce champ est à renseigner." in reponse.content.decode()
    assert not Contact.objects.exists()  # Léa's valid contact was not saved either


def test_contact_sans_role_refuse(famille):
    lea, noe = famille.enfants
    donnees = _contacts([lea])
    del donnees[f"contacts-{lea.pk}-0-appeler_en_urgence"]
    del donnees[f"contacts-{lea.pk}-0-peut_recuperer"]
    donnees |= {
        f"contacts-{noe.pk}-TOTAL_FORMS": "0",
        f"contacts-{noe.pk}-INITIAL_FORMS": "0",
    }
    reponse = famille.post("/dossier-famille/contacts/", donnees)
    assert "Cochez au moins une case" in reponse.content.decode()
    assert not Contact.objects.exists()


def test_assurance_doit_couvrir_l_annee_scolaire(famille, campagne):
    html = famille.get("/dossier-famille/assurance/").content.decode()
    assert "pièces justificatives" in html and "/dossier-famille/pieces/" in html
    donnees = {
        "assureur": "MAIF",
        "numero_contrat": "A-123",
        "debut": campagne.rentree.isoformat(),
        "fin": datetime.date(campagne.rentree.year, 12, 31).isoformat(),
    }
    reponse = famille.post("/dossier-famille/assurance/", donnees)
    assert reponse.status_code == 200
    assert (
        f"L&#x27;assurance doit couvrir toute l&#x27;année scolaire {campagne.annee_scolaire}"
        in reponse.content.decode()
    )
    assert not Assurance.objects.exists()
    donnees["fin"] = campagne.fin_annee.isoformat()
    assert famille.post("/dossier-famille/assurance/", donnees).status_code == 302
    assert Assurance.objects.get().campagne == campagne


def test_autorisations_heure_exigee_si_sortie_seul(famille):
    lea = famille.enfants[0]
    url = f"/dossier-famille/autorisations/{lea.pk}/"
    donnees = {
        "photo_video": "False",
        "sortie_seul": "True",
        "heure_sortie_seul": "",
        "transport_sorties": "True",
        "soins_urgence": "True",
    }
    reponse = famille.post(url, donnees)
    assert "Indiquez l&#x27;heure à partir de laquelle" in reponse.content.decode()
    assert not Autorisation.objects.exists()
    donnees["heure_sortie_seul"] = "17:30"
    assert famille.post(url, donnees).status_code == 302
    autorisation = Autorisation.objects.get(enfant=lea)
    assert autorisation.sortie_seul and autorisation.heure_sortie_seul == datetime.time(17, 30)
    assert not autorisation.photo_video


def test_autorisations_sans_reponse_refusees(famille):
    lea = famille.enfants[0]
    reponse = famille.post(f"/dossier-famille/autorisations/{lea.pk}/", {})
    assert "Répondez par oui ou par non à cette question." in reponse.content.decode()
    assert not Autorisation.objects.exists()


def test_fiche_sante_enregistree_et_historisee(famille):
    lea = famille.enfants[0]
    url = f"/dossier-famille/sante/{lea.pk}/"
    html = famille.get(url).content.decode()
    # CNIL NS-058: diets without religious or ethnic labels.
    for mot in ("halal", "casher", "kasher", "musulman", "juif"):
        assert mot not in html.lower()
    assert "Sans porc" in html and "sans préciser la nature du handicap" in html.lower()
    reponse = famille.post(
        url,
        {
            "medecin_nom": "Dr Lopez",
            "allergies": "Arachide",
            "pai": "True",
            "regime": FicheSante.Regime.SANS_ALLERGENE,
            "besoins_particuliers": "False",
        },
    )
    assert reponse.status_code == 302
    fiche = FicheSante.objects.get(enfant=lea)
    assert fiche.pai and fiche.allergies == "Arachide"
    modification = Modification.objects.get(fiche="sante")
    assert modification.sante and modification.enfant == lea


def test_une_autre_famille_recoit_404(famille, client, creer_famille):
    lea = famille.enfants[0]
    autre = creer_famille()
    client.force_login(autre.titulaire)
    for url in (
        f"/dossier-famille/autorisations/{lea.pk}/",
        f"/dossier-famille/sante/{lea.pk}/",
        f"/dossier-famille/valider/autorisations/{lea.pk}/",
        f"/dossier-famille/valider/sante/{lea.pk}/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"medecin_nom": "X", "pai": "False"}).status_code == 404, url
    assert not FicheSante.objects.exists()
    # Their own fiche famille never shows the other foyer's children.
    assert "Léa" not in client.get("/dossier-famille/famille/").content.decode()


def test_fiche_inconnue_404(famille):
    assert famille.get("/dossier-famille/valider/inconnue/").status_code == 404
    assert famille.get("/dossier-famille/valider/sante/").status_code == 404
