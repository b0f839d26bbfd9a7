"""Signing the règlement intérieur, per child, and the signed fiche as a PDF.

Choices made here (see also the tests):

- Which règlement: the one of the structure the parent is viewing (the header's drop-down, as
  the memo describes it), or, for an account without structures, the structure of the child's
  school. Its text is the live ReglementPage's `corps`, read generically (`page.specific.corps`)
  because the domain does not import `home`.
- Version: the page's live revision is recorded, with a SHA-256 of the text. A signature stays
  valid while the text signed is the text in force: a new published version with another text
  asks for a new signature; republishing the same text (a title fixed) does not.
- Date and time: the parent types them, as the memo says, prefilled with the current time
  (Europe/Paris). They must be the moment of signing: within TOLERANCE of the server's clock,
  which also lets a parent who read slowly keep the prefilled value. The server's own time is
  recorded beside them (`enregistre_le`).
- Separated parents: each titulaire signs from their own account for a shared child (each is
  bound by the règlement for their own custody days and bookings). A parent's status and PDFs
  are their own signatures only; the other parent's signature is never shown to them.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page, Revision

from famille.comptes.models import Compte, Structure
from famille.comptes.pdf import template_vers_pdf

from ..models import Enfant, Foyer, SignatureReglement

TOLERANCE = datetime.timedelta(minutes=15)


@dataclass(frozen=True)
class Reglement:
    """The version of a structure's règlement intérieur in force now."""

    structure: Structure
    page: Page
    revision: Revision | None
    texte: str
    empreinte: str


@dataclass(frozen=True)
class EtatSignature:
    enfant: Enfant
    reglement: Reglement | None
    signature: SignatureReglement | None  # a signature of the version in force, by this account
    version_precedente_signee: bool = False  # signed before, but a new version is now in force

    @property
    def signe(self) -> bool:
        return self.signature is not None


def empreinte(texte: str) -> str:
    return hashlib.sha256(texte.encode("utf-8")).hexdigest()


def texte_de_page(page: Page) -> str:
    return getattr(page.specific, "corps", "") or ""


def reglement_en_vigueur(structure: Structure | None) -> Reglement | None:
    if structure is None or structure.reglement_page_id is None:
        return None
    # Read afresh: a publication since the structure was loaded changes the version in force.
    page = Page.objects.filter(pk=structure.reglement_page_id, live=True).first()
    if page is None:
        return None
    texte = texte_de_page(page)
    return Reglement(structure, page, page.live_revision, texte, empreinte(texte))


def structure_du_reglement(enfant: Enfant, structure_courante: Structure | None):
    if structure_courante is not None:
        return structure_courante
    return enfant.ecole.structure if enfant.ecole_id else None


def _de_la_version(signature: SignatureReglement, reglement: Reglement) -> bool:
    """Signed for the version in force: the same text, or the same revision of the page."""
    return signature.page_id == reglement.page.pk and (
        signature.empreinte == reglement.empreinte
        or (reglement.revision is not None and signature.revision_id == reglement.revision.pk)
    )


def signature_en_vigueur(
    enfant: Enfant, compte: Compte, reglement: Reglement | None
) -> SignatureReglement | None:
    if reglement is None:
        return None
    signatures = SignatureReglement.objects.filter(
        enfant=enfant, compte=compte, structure=reglement.structure
    ).order_by("-signe_le")
    return next((s for s in signatures if _de_la_version(s, reglement)), None)


def etat_des_signatures(
    foyer: Foyer, compte: Compte, structure_courante: Structure | None
) -> list[EtatSignature]:
    """For each child of the foyer: the règlement to sign and whether this account signed it.
    A few queries whatever the number of children: this is on the Dossier Famille home."""
    enfants = list(
        Enfant.objects.filter(gardes__foyer=foyer)
        .select_related("ecole__structure")
        .distinct()
        .order_by("date_naissance", "pk")  # the order of every list of the tab: eldest first
    )
    signatures = list(
        SignatureReglement.objects.filter(compte=compte, enfant__in=enfants).order_by("-signe_le")
    )
    reglements: dict[int | None, Reglement | None] = {}  # brothers and sisters share a structure
    etats = []
    for enfant in enfants:
        structure = structure_du_reglement(enfant, structure_courante)
        cle = structure.pk if structure else None
        if cle not in reglements:
            reglements[cle] = reglement_en_vigueur(structure)
        reglement = reglements[cle]
        signees = [
            s
            for s in signatures
            if reglement is not None
            and s.enfant_id == enfant.pk
            and s.structure_id == reglement.structure.pk
        ]
        signature = next((s for s in signees if _de_la_version(s, reglement)), None)
        # Signed before, but a new version is now in force.
        precedente = signature is None and bool(signees)
        etats.append(EtatSignature(enfant, reglement, signature, precedente))
    return etats


def enfants_sans_signature(
    foyer: Foyer, compte: Compte, structure_courante: Structure | None
) -> list[Enfant]:
    """Children whose règlement in force this account has still to sign (for the campaign)."""
    return [
        e.enfant
        for e in etat_des_signatures(foyer, compte, structure_courante)
        if e.reglement and not e.signe
    ]


def erreur_de_moment(moment: datetime.datetime, maintenant: datetime.datetime | None = None):
    """A French message when the declared date and time are not those of the signature."""
    maintenant = maintenant or timezone.now()
    if abs(moment - maintenant) <= TOLERANCE:
        return None
    local = timezone.localtime(maintenant)
    return (
        "Indiquez la date et l'heure de votre signature : nous sommes le "
        f"{local:%d/%m/%Y} et il est {local:%H:%M}."
    )


@transaction.atomic
def signer(
    *,
    enfant: Enfant,
    compte: Compte,
    reglement: Reglement,
    nom: str,
    lieu: str,
    signe_le: datetime.datetime,
    adresse_ip: str | None,
) -> SignatureReglement:
    """Record the signature of the version in force, once: a second submit, even at the same
    instant (double click, 20 concurrent requests), returns the first signature."""
    existante = signature_en_vigueur(enfant, compte, reglement)
    if existante is not None:
        return existante
    try:
        with transaction.atomic():  # a savepoint: the outer transaction survives the refusal
            signature = SignatureReglement.objects.create(
                enfant=enfant,
                compte=compte,
                structure=reglement.structure,
                page=reglement.page,
                revision=reglement.revision,
                empreinte=reglement.empreinte,
                nom=nom.strip(),
                lieu=lieu.strip(),
                signe_le=signe_le,
                adresse_ip=adresse_ip,
            )
    except IntegrityError:
        # Another request signed between our check and our insert (constraint
        # « signature_unique »): its signature is the one.
        existante = signature_en_vigueur(enfant, compte, reglement)
        if existante is None:
            raise
        return existante
    # Signing is a step of the annual renewal: the dossier may now be complete.
    from . import campagne

    foyer = getattr(compte, "foyer", None)
    courante = campagne.campagne_courante()
    if foyer is not None and courante is not None:
        campagne.mettre_a_jour_statut(campagne.dossier_de(foyer, courante))
    return signature


def texte_signe(signature: SignatureReglement) -> str:
    """The text of the version signed, from its revision (revisions of signed versions are
    protected), so that the PDF shows what was signed even after a new version is published."""
    if signature.revision_id is not None:
        contenu = signature.revision.content or {}
        if "corps" in contenu:
            return contenu["corps"] or ""
    return texte_de_page(signature.page)


def pdf_de_signature(signature: SignatureReglement) -> bytes:
    texte = texte_signe(signature)
    return template_vers_pdf(
        "dossiers/pdf/reglement_signe.html",
        {
            "signature": signature,
            "enfant": signature.enfant,
            "titre": signature.revision.object_str
            if signature.revision_id
            else signature.page.title,
            "texte": texte,
            "empreinte_verifiee": empreinte(texte) == signature.empreinte,
        },
    )
