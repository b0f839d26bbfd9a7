"""The home page never contradicts the portal (issue 10.12): the demo's news and introduction
send parents to what the portal does today: bookings on the « Réservations » tab (the service
for families without internet), no online payment promised before PayFiP."""

from __future__ import annotations

from home import demo


def test_l_actualite_des_reservations_mene_a_l_onglet():
    [texte] = [t for _, titre, t, _ in demo.ACTUALITES if titre.startswith("Réservations")]
    assert "dans l'onglet « Réservations »" in texte
    assert "date et l'heure d'ouverture" in texte


def test_l_accueil_ne_promet_pas_le_paiement_en_ligne():
    import inspect

    source = inspect.getsource(demo.charger_contenus)
    assert "réglez en ligne" not in source and "consultez vos consommations" in source
