"""Demo data of the règlement intérieur and RGPD: Julie Bernard (F1002) has signed the
périscolaire règlement for Lucas, so the admin list « Règlements signés » has a row and the
father's account (F1003) still shows Lucas « À signer » (each separated parent signs); the
daily retention purge is scheduled. F1001 signs nothing here: its browser test signs.
Idempotent. Called from famille/dossiers/demo.py once the families exist."""

from __future__ import annotations

from django.utils import timezone

from .models import Enfant, Foyer
from .services import reglement, rgpd_purge


def charger() -> None:
    rgpd_purge.installer_planification()
    foyer = Foyer.objects.filter(numero="F1002").select_related("titulaire").first()
    lucas = Enfant.objects.filter(prenom="Lucas", gardes__foyer=foyer).first()
    if foyer is None or lucas is None:
        return
    structure = foyer.titulaire.structures.order_by("ordre", "nom").first()
    en_vigueur = reglement.reglement_en_vigueur(structure)
    if en_vigueur is None:
        return
    reglement.signer(
        enfant=lucas,
        compte=foyer.titulaire,
        reglement=en_vigueur,
        nom=foyer.titulaire.get_full_name(),
        lieu="Cestas",
        signe_le=timezone.now(),
        adresse_ip="127.0.0.1",
    )
