"""The web workers' garbage-collector settings (portail/ramasse_miettes.py)."""

from __future__ import annotations

import gc

from portail.ramasse_miettes import regler


def test_les_seuils_viennent_du_reglage_et_un_reglage_vide_les_laisse(monkeypatch):
    avant = gc.get_threshold()
    try:
        monkeypatch.setenv("GC_SEUILS", "40000,15,90")
        assert regler() == (40000, 15, 90)
        assert gc.get_freeze_count() > 0
        monkeypatch.setenv("GC_SEUILS", "")
        assert regler() == (40000, 15, 90)  # "" leaves the thresholds as they are
    finally:
        gc.unfreeze()
        gc.set_threshold(*avant)
