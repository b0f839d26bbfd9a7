"""The demo's pièces justificatives: every status shown, real files, idempotent."""

from __future__ import annotations

import filetype

from famille.comptes import services as comptes_services
from famille.dossiers import demo_pieces
from famille.dossiers.models import Fichier, PieceJustificative


def test_demo_des_pieces_idempotente(demo, client):
    demo_pieces.charger()
    demo_pieces.charger()
    martin = PieceJustificative.objects.filter(dossier__foyer__numero="F1001")
    assert set(martin.values_list("type", "statut")) == {
        ("domicile", "acceptee"),
        ("assurance", "deposee"),
        ("pai_certificat", "refusee"),
        ("pai_photo", "deposee"),
    }
    assert PieceJustificative.objects.filter(dossier__foyer__numero="F1002").count() == 1
    for fichier in Fichier.objects.all():
        with fichier.fichier.open("rb") as f:
            assert filetype.guess(f.read(512)).mime == fichier.type_mime

    parent = martin.first().dossier.foyer.titulaire
    documents = comptes_services.documents_a_accepter(parent)
    if documents:
        comptes_services.enregistrer_consentements(parent, documents)
    client.force_login(parent)
    html = client.get("/dossier-famille/pieces/").content.decode()
    assert "Le certificat n&#x27;est pas signé par le médecin." in html
    assert "Jules" in html
