"""One page per family in the admin (issue 9.5), and the custody days as weekday boxes."""

from __future__ import annotations

import datetime
import re

from aides_admin import agent, refuse, texte

from famille.comptes.roles import COMMUNICATION, EDUCATION
from famille.dossiers.models import DossierAnnuel, Ecole, Enfant, Garde, ResponsableLegal
from famille.dossiers.services import rattacher_enfant
from famille.dossiers.services.comptes_famille import RegleGarde, creer_compte_second_parent


def test_la_fiche_de_la_famille_rassemble_foyer_enfants_garde_et_dossier(
    client, groupes, creer_famille, campagne, structure
):
    foyer = creer_famille(nom="Lefèvre", ville="Cestas")
    ecole = Ecole.objects.create(nom="École du Parc", structure=structure)
    lucas = Enfant.objects.create(
        nom="Lefèvre", prenom="Lucas", date_naissance=datetime.date(2018, 5, 2), ecole=ecole
    )
    rattacher_enfant(foyer, lucas)
    ResponsableLegal.objects.create(foyer=foyer, nom="Lefèvre", prenom="Alex", lien="pere")
    second = creer_compte_second_parent(
        foyer,
        identifiant="F9900",
        prenom="Sam",
        nom="Durand",
        garde_second=RegleGarde(Garde.Regle.JOURS, (1, 3)),
        garde_premier=RegleGarde(Garde.Regle.JOURS, (2, 4, 5)),
    ).foyer
    DossierAnnuel.objects.create(
        foyer=foyer, campagne=campagne, statut=DossierAnnuel.Statut.INCOMPLET
    )
    client.force_login(agent("edith", EDUCATION))

    liste = texte(client.get("/admin/snippets/dossiers/foyer/"))
    assert f"/admin/snippets/dossiers/foyer/famille/{foyer.pk}/" in liste
    html = texte(client.get(f"/admin/snippets/dossiers/foyer/famille/{foyer.pk}/"))
    assert f"/admin/snippets/dossiers/foyer/famille/{second.pk}/" in html
    page = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert "Famille Alex Lefèvre" in page
    assert "Alex Lefèvre (Père)" in page
    assert "Lucas Lefèvre" in page and "École du Parc" in page
    assert "garde certains jours : mardi, jeudi, vendredi" in page
    assert "garde certains jours : lundi, mercredi" in page
    assert "Statut : Incomplet" in page
    assert "Vérifier le dossier et ses pièces" in page
    assert "Justificatif de domicile de moins de deux mois" in page


def test_la_fiche_de_la_famille_refusee_sans_permission(client, groupes, creer_famille):
    foyer = creer_famille()
    client.force_login(agent("karim", COMMUNICATION))
    assert refuse(client.get(f"/admin/snippets/dossiers/foyer/famille/{foyer.pk}/"))


def test_les_jours_de_garde_se_cochent_par_jour_de_la_semaine(client, groupes, creer_famille):
    foyer = creer_famille()
    enfant = Enfant.objects.create(nom="A", prenom="Léo", date_naissance=datetime.date(2019, 1, 1))
    rattacher_enfant(foyer, enfant)
    garde = Garde.objects.get(foyer=foyer, enfant=enfant)
    client.force_login(agent("edith", EDUCATION))
    url = f"/admin/snippets/dossiers/garde/edit/{garde.pk}/"
    formulaire = texte(client.get(url))
    assert "Jours ISO" not in formulaire
    assert 'type="checkbox" name="jours" value="3"' in formulaire and "mercredi" in formulaire
    reponse = client.post(
        url,
        {
            "foyer": foyer.pk,
            "enfant": enfant.pk,
            "regle": Garde.Regle.JOURS,
            "jours": ["3", "1"],
            "periodes-TOTAL_FORMS": "0",
            "periodes-INITIAL_FORMS": "0",
            "periodes-MIN_NUM_FORMS": "0",
            "periodes-MAX_NUM_FORMS": "1000",
        },
    )
    assert reponse.status_code == 302, texte(reponse)[:3000]
    garde.refresh_from_db()
    assert garde.jours == "1,3"
    # No box ticked with « certain days »: refused in French, next to the field.
    reponse = client.post(
        url,
        {
            "foyer": foyer.pk,
            "enfant": enfant.pk,
            "regle": Garde.Regle.JOURS,
            "periodes-TOTAL_FORMS": "0",
            "periodes-INITIAL_FORMS": "0",
            "periodes-MIN_NUM_FORMS": "0",
            "periodes-MAX_NUM_FORMS": "1000",
        },
    )
    assert "Cochez au moins un jour de garde." in texte(reponse)
    garde.refresh_from_db()
    assert garde.jours == "1,3"
