"""Letters for many accounts: a django-q2 task makes them (each initial password costs an
Argon2 hash), the admin shows its progress and offers the PDF, from private storage, to the
agent who asked for it only."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from famille.comptes import lettres
from famille.comptes.models import Compte, LotCourriers
from famille.comptes.roles import EDUCATION, installer_groupes

ANCIEN = "Une phrase de passe solide"  # the creer_famille fixture's personal password


@pytest.fixture
def agents(db):
    groupes = installer_groupes()
    comptes = []
    for nom in ("agent-1", "agent-2"):
        compte = Compte.objects.create_user(username=nom, is_staff=True)
        compte.groups.set([groupes[EDUCATION]])
        comptes.append(compte)
    return comptes


def url_courriers(foyers) -> str:
    base = reverse("wagtail_bulk_action", args=("dossiers", "foyer", "courriers"))
    return base + "?" + "&".join(f"id={f.pk}" for f in foyers)


def test_beaucoup_de_courriers_en_tache_de_fond_avec_progression(client, agents, creer_famille):
    foyers = [creer_famille(f"F6{i:03d}") for i in range(lettres.SEUIL_IMMEDIAT + 2)]
    client.force_login(agents[0])

    reponse = client.post(url_courriers(foyers), {"mode": "pdf"})

    lot = LotCourriers.objects.get()
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("dossiers_lot_courriers", args=[lot.pk])
    assert lot.comptes == [f.titulaire_id for f in foyers]  # the task got ids
    # Tests run tasks inline: the batch is done. Its page offers the PDF.
    assert lot.statut == LotCourriers.Statut.PRET and lot.faits == lot.total == 12
    page = client.get(reponse["Location"]).content.decode()
    assert "Fichier prêt" in page and "Télécharger le PDF (12 comptes)" in page
    assert 'http-equiv="refresh"' not in page

    pdf = client.get(reverse("dossiers_lot_courriers_pdf", args=[lot.pk]))

    assert pdf["Content-Type"] == "application/pdf"
    assert "no-cache" in pdf["Cache-Control"] or "no-store" in pdf["Cache-Control"]
    pages = PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    assert len(pages) == 12
    compte = foyers[0].titulaire
    compte.refresh_from_db()
    assert compte.mot_de_passe_initial and not compte.check_password(ANCIEN)
    with pytest.raises(NotImplementedError):
        lot.fichier.url  # noqa: B018 (private storage: no public URL at all)

    client.post(reverse("dossiers_lot_courriers_supprimer", args=[lot.pk]))
    lot.refresh_from_db()
    assert lot.statut == LotCourriers.Statut.SUPPRIME and not lot.fichier
    assert client.get(reverse("dossiers_lot_courriers_pdf", args=[lot.pk])).status_code == 404


def test_progression_affichee_pendant_la_tache(client, agents, creer_famille):
    lot = LotCourriers.objects.create(
        auteur=agents[0], total=300, faits=120, statut=LotCourriers.Statut.EN_COURS
    )
    client.force_login(agents[0])
    page = client.get(reverse("dossiers_lot_courriers", args=[lot.pk])).content.decode()
    assert "Mots de passe préparés : 120 sur 300" in page
    assert '<progress id="progression" max="300" value="120">' in page
    assert 'http-equiv="refresh"' in page


def test_le_pdf_d_un_autre_agent_introuvable(client, agents, creer_famille):
    foyers = [creer_famille(f"F6{i:03d}") for i in range(lettres.SEUIL_IMMEDIAT + 1)]
    client.force_login(agents[0])
    client.post(url_courriers(foyers), {"mode": "pdf"})
    lot = LotCourriers.objects.get()
    client.force_login(agents[1])
    assert client.get(reverse("dossiers_lot_courriers", args=[lot.pk])).status_code == 404
    assert client.get(reverse("dossiers_lot_courriers_pdf", args=[lot.pk])).status_code == 404


def test_une_tache_relancee_ne_refait_pas_les_courriers(agents, creer_famille):
    foyers = [creer_famille("F6001"), creer_famille("F6002")]
    lot = lettres.programmer_lot([f.titulaire for f in foyers], agents[0])
    lot.refresh_from_db()
    empreinte = Compte.objects.get(pk=foyers[0].titulaire_id).password

    lettres.produire_lot(lot.pk)  # django-q2 retries a task it thinks was lost

    assert Compte.objects.get(pk=foyers[0].titulaire_id).password == empreinte
