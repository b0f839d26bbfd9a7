"""The demo shows a renewal in progress for the Martin family (F1001)."""

from __future__ import annotations

from django_q.models import Schedule

from famille.comptes import services as comptes_services
from famille.dossiers.models import DossierAnnuel, Foyer, Modification, ValidationFiche


def test_demo_dossier_martin_en_cours_et_idempotent(demo, client):
    martin = Foyer.objects.get(numero="F1001")
    dossier = DossierAnnuel.objects.get(foyer=martin)
    fiches = set(dossier.validations.values_list("fiche", "enfant__prenom"))
    assert {
        ("famille", None),
        ("assurance", None),
        ("autorisations", "Léo"),
        ("sante", "Léo"),
    } <= fiches
    assert ("contacts", None) not in fiches  # left for the family (and the browser test)
    compte = (ValidationFiche.objects.count(), Modification.objects.count())
    demo.charger()
    assert (ValidationFiche.objects.count(), Modification.objects.count()) == compte
    assert Schedule.objects.filter(func="famille.dossiers.tasks.envoyer_relances").count() == 1
    documents = comptes_services.documents_a_accepter(martin.titulaire)
    if documents:  # the demo parent has not done the first login's consents yet
        comptes_services.enregistrer_consentements(martin.titulaire, documents)
    client.force_login(martin.titulaire)
    html = client.get("/dossier-famille/").content.decode()
    assert "4 / 9 validées" in html
