from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from .pieces import private_storage


def nom_aleatoire_scan(instance, filename: str) -> str:
    # As for pièces: the file name given by the agent never reaches the disk.
    return f"reglements/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}"


class SignatureReglement(models.Model):
    """A parent read and signed one version of a structure's règlement intérieur for one child."""

    enfant = models.ForeignKey(
        "Enfant", verbose_name="enfant", on_delete=models.CASCADE, related_name="signatures"
    )
    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="signé par",
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    structure = models.ForeignKey(
        "comptes.Structure", verbose_name="structure", on_delete=models.PROTECT, related_name="+"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.PROTECT, related_name="+"
    )
    empreinte = models.CharField("empreinte SHA-256 du texte", max_length=64)
    nom = models.CharField("nom du signataire", max_length=150)
    lieu = models.CharField("fait à", max_length=100)
    # What the parent declared (the memo asks for date and time), checked against the clock;
    # enregistre_le is the server's own time of recording, kept as evidence beside it.
    signe_le = models.DateTimeField("le")
    enregistre_le = models.DateTimeField("enregistré le", auto_now_add=True, null=True)
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    # A paper signature: the agent who recorded it and the scan of the signed fiche (private
    # storage). It counts in the dossier like one made online, for the titulaire's account.
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisie par (agent)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scan = models.FileField(
        "fiche signée numérisée",
        storage=private_storage,
        upload_to=nom_aleatoire_scan,
        blank=True,
    )

    class Meta:
        verbose_name = "signature du règlement intérieur"
        verbose_name_plural = "signatures du règlement intérieur"
        ordering = ["-signe_le"]
        indexes = [models.Index(fields=["enfant", "structure"], name="signature_enfant_structure")]
        # One signature per child, version (the page and its text's fingerprint) and parent:
        # a double click or concurrent submits cannot record two (services.reglement.signer).
        constraints = [
            models.UniqueConstraint(
                fields=["enfant", "compte", "page", "empreinte"], name="signature_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Règlement signé pour {self.enfant} le {self.signe_le:%d/%m/%Y}"

    def version(self) -> str:
        """« version du 12 mars 2027 »: the date the signed text was published, for staff (a
        revision id means nothing to them)."""
        from django.utils import timezone
        from django.utils.formats import date_format

        if self.revision_id is None:
            return "version non datée"
        return "version du " + date_format(timezone.localtime(self.revision.created_at), "j F Y")

    version.short_description = "Version"

    @property
    def papier(self) -> bool:
        return self.saisie_par_id is not None
