"""Signing the règlement intérieur, per child, and the signed fiche as a PDF.

Choices made here (see also the tests):

- Which règlements (ONE rule, `etat_des_signatures`, read by the Dossier Famille overview, the
  règlement page, the dossier's status and the campaign count alike, whatever structure the
  header's drop-down shows): each child signs the règlement of every structure the family's
  account is registered with; an account without structures signs that of the structure of the
  child's school. The text is the live ReglementPage's `corps`, read generically because the
  domain does not import `home`: from the content of the page's live revision (read with the
  page, one query), else `page.specific.corps`.
- Paper: staff may record a signature made on paper (`signer_sur_papier`: who signed, place,
  date, the scan), for the titulaire's account: it counts exactly like an online one.
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
import re
import unicodedata
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page, Revision

from famille.comptes.models import Compte, Structure
from famille.comptes.pdf import template_vers_pdf
from famille.comptes.services import structures_rattachees

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
    # With its live revision, whose content is the published text: one query, not three (the
    # page, its specific page, its revision: issue 15.6).
    page = (
        Page.objects.filter(pk=structure.reglement_page_id, live=True)
        .select_related("live_revision")
        .first()
    )
    if page is None:
        return None
    texte = _texte_publie(page, page.live_revision)
    return Reglement(structure, page, page.live_revision, texte, empreinte(texte))


def _texte_publie(page: Page, revision: Revision | None) -> str:
    """The text of the live version: that of its revision (what publishing copied into the
    page), else the page's own (a page published without a revision)."""
    contenu = revision.content if revision is not None else None
    if contenu and revision.object_id == str(page.pk) and "corps" in contenu:
        return contenu["corps"] or ""
    return texte_de_page(page)


def structures_a_signer(compte: Compte, enfant: Enfant) -> list[Structure]:
    """The structures whose règlement this child signs, for this account (the one rule)."""
    return structures_rattachees(compte) or _structure_de_l_ecole(enfant)


def _structure_de_l_ecole(enfant: Enfant) -> list[Structure]:
    if enfant.ecole_id and enfant.ecole.structure_id:
        return [enfant.ecole.structure]
    return []


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


def enfants_avec_ecole(foyer: Foyer, sante: bool = False) -> list[Enfant]:
    """The foyer's children with their school and its structure, eldest first (the order of
    every list of the tab). `sante`: with their fiche santé too, in the same query (the
    dossier's state reads it for the pièces required: issue 15.6)."""
    return list(
        Enfant.objects.filter(gardes__foyer=foyer)
        .select_related("ecole__structure", *(["fiche_sante"] if sante else []))
        .distinct()
        .order_by("date_naissance", "pk")
    )


def signatures_des_comptes(comptes: list[Compte], enfants: list[Enfant]) -> list:
    """The signatures of these accounts for these children, newest first, in one query: the
    Accueil reads the titulaire's (the dossier's state) and the viewer's (the règlements to
    sign) at once, one account when the viewer is the titulaire (issue 15.6)."""
    return list(
        SignatureReglement.objects.filter(
            compte__in={c.pk for c in comptes}, enfant__in=enfants
        ).order_by("-signe_le")
    )


def etat_des_signatures(
    foyer: Foyer,
    compte: Compte,
    enfants: list[Enfant] | None = None,
    signatures: list[SignatureReglement] | None = None,
    reglements: dict[int, Reglement | None] | None = None,
) -> list[EtatSignature]:
    """For each child of the foyer and each structure whose règlement it signs (eldest first,
    then the structures' order): the règlement in force and this account's signature of it.
    A few queries whatever the number of children: this is on the Dossier Famille home.
    When the caller already has them: `enfants`, enfants_avec_ecole(foyer); `signatures`,
    signatures_des_comptes([compte, …], enfants) (only this account's are used); `reglements`,
    the règlements in force already read by structure id (filled in here)."""
    if enfants is None:
        enfants = enfants_avec_ecole(foyer)
    if signatures is None:
        signatures = signatures_des_comptes([compte], enfants)
    signatures = [s for s in signatures if s.compte_id == compte.pk]
    structures_du_compte = structures_rattachees(compte)
    # Brothers and sisters share a structure.
    reglements = {} if reglements is None else reglements
    etats = []
    for enfant in enfants:
        structures = structures_du_compte or _structure_de_l_ecole(enfant)
        for structure in structures:
            if structure.pk not in reglements:
                reglements[structure.pk] = reglement_en_vigueur(structure)
            reglement = reglements[structure.pk]
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


def enfants_sans_signature(foyer: Foyer, compte: Compte) -> list[Enfant]:
    """Children with a règlement in force this account has still to sign, whatever the
    structure selected in the header (the same rule as the overview and the dossier's status)."""
    enfants: list[Enfant] = []
    for etat in etat_des_signatures(foyer, compte):
        if etat.reglement and not etat.signe and etat.enfant not in enfants:
            enfants.append(etat.enfant)
    return enfants


def etat_pour(foyer: Foyer, compte: Compte, enfant: Enfant, structure_id: int | None):
    """The règlement of one child to show on its fiche: that of `structure_id` when the child
    signs it; else the first still to sign; else the first. None when there is none."""
    etats = [e for e in etat_des_signatures(foyer, compte) if e.enfant.pk == enfant.pk]
    avec = [e for e in etats if e.reglement is not None]
    choisi = next((e for e in avec if e.reglement.structure.pk == structure_id), None)
    return choisi or next((e for e in avec if not e.signe), None) or next(iter(avec), None)


def _forme_comparable(nom: str) -> str:
    """« Hélène  LE-GALL » and « helene le gall » are the same name: no accents, no case, no
    hyphens or repeated spaces."""
    sans_accents = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    return " ".join(re.split(r"[\s\-'’.]+", sans_accents.lower())).strip()


def signataires_possibles(foyer: Foyer) -> list[str]:
    """Who may sign for the foyer: its responsables légaux, and the titulaire of the account
    (a new family may not have filled in its responsables yet)."""
    noms = [str(r) for r in foyer.responsables.all()]
    titulaire = foyer.titulaire.get_full_name() if foyer.titulaire_id else ""
    if titulaire and _forme_comparable(titulaire) not in {_forme_comparable(n) for n in noms}:
        noms.append(titulaire)
    return noms


def erreur_de_signataire(foyer: Foyer, nom: str) -> str | None:
    """A French message when the name typed is not one of the foyer's responsables légaux
    (first name and name in either order, accents and case forgiven)."""
    saisi = _forme_comparable(nom)
    possibles = signataires_possibles(foyer)
    for possible in possibles:
        forme = _forme_comparable(possible)
        mots = forme.split(" ")
        if saisi in (forme, " ".join(mots[1:] + mots[:1]), " ".join(mots[-1:] + mots[:-1])):
            return None
    if not possibles:
        return "Aucun responsable légal n'est enregistré : complétez d'abord la fiche famille."
    liste = " ou ".join(f"« {n} »" for n in possibles)
    return f"Le règlement est signé par un responsable légal de l'enfant : indiquez {liste}."


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


def _enregistrer_une_fois(signature: SignatureReglement, reglement: Reglement):
    """Save a new signature, or return the one another request saved between our check and
    our insert (constraint « signature_unique »): (signature, created)."""
    try:
        with transaction.atomic():  # a savepoint: the outer transaction survives the refusal
            signature.save()
    except IntegrityError:
        existante = signature_en_vigueur(signature.enfant, signature.compte, reglement)
        if existante is None:
            raise
        return existante, False
    return signature, True


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
    signature, creee = _enregistrer_une_fois(
        SignatureReglement(
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
        ),
        reglement,
    )
    if not creee:
        return signature
    # Signing is a step of the annual renewal: the dossier may now be complete.
    from . import campagne

    foyer = getattr(compte, "foyer", None)
    courante = campagne.campagne_courante()
    if foyer is not None and courante is not None:
        campagne.mettre_a_jour_statut(campagne.dossier_de(foyer, courante))
    return signature


@transaction.atomic
def signer_sur_papier(
    *,
    enfant: Enfant,
    foyer: Foyer,
    reglement: Reglement,
    nom: str,
    lieu: str,
    signe_le: datetime.datetime,
    scan,
    agent: Compte,
) -> SignatureReglement:
    """Staff record the règlement signed on paper (a family without internet): for the
    titulaire's account, so that it counts like an online signature; the agent is recorded."""
    existante = signature_en_vigueur(enfant, foyer.titulaire, reglement)
    if existante is not None:
        return existante
    signature = SignatureReglement(
        enfant=enfant,
        compte=foyer.titulaire,
        structure=reglement.structure,
        page=reglement.page,
        revision=reglement.revision,
        empreinte=reglement.empreinte,
        nom=nom.strip(),
        lieu=lieu.strip(),
        signe_le=signe_le,
        saisie_par=agent,
    )
    if scan is not None:
        scan.seek(0)
        signature.scan.save("scan", scan, save=False)
    nouvelle = signature
    signature, creee = _enregistrer_une_fois(nouvelle, reglement)
    if not creee:
        if nouvelle.scan:
            nouvelle.scan.delete(save=False)  # the scan of a signature not kept
        return signature
    from . import campagne

    courante = campagne.campagne_courante()
    if courante is not None:
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
