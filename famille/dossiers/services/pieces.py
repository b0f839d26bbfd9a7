"""Pièces justificatives: which ones a dossier needs (the memo's list and its rules), the deposit
in private storage (all or nothing) and the review by staff. The upload checks (type from the
content, 2 Mo, names) are in pieces_verification.py and re-exported here."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from famille.comptes.acces import voit_sante

from ..models import DossierAnnuel, Enfant, FicheSante, Fichier, Foyer, PieceJustificative
from ..models.pieces import TYPES_SANTE, private_storage
from . import campagne as campagne_service
from .pieces_verification import (  # noqa: F401  (the pieces API, in one place for callers)
    TAILLE_MAX,
    TYPES_ACCEPTES,
    FichierVerifie,
    nom_affichable,
    taille_lisible,
    verifier_fichier,
)

Type = PieceJustificative.Type
Statut = PieceJustificative.Statut

# --- Which pieces a dossier needs -------------------------------------------------------------


@dataclass
class PieceRequise:
    """One line of the memo's list for this foyer (and child, where the piece is per child)."""

    type: str
    enfant: Enfant | None
    obligatoire: bool
    precision: str
    annuelle: bool
    piece: PieceJustificative | None = None
    # A shared child's health piece deposited by the other parent's foyer: it counts for the
    # child, but its files stay that foyer's (see pieces_requises).
    piece_autre_foyer: PieceJustificative | None = None

    @property
    def cle(self) -> str:
        return f"{self.type}-{self.enfant.pk}" if self.enfant else self.type

    @property
    def libelle(self) -> str:
        return Type(self.type).label

    @property
    def piece_retenue(self) -> PieceJustificative | None:
        return self.piece or self.piece_autre_foyer

    @property
    def statut(self) -> str:
        piece = self.piece_retenue
        if piece is None or not a_des_fichiers(piece):
            return "a_deposer"
        return piece.statut

    @property
    def statut_affiche(self) -> str:
        if self.statut == "a_deposer":
            return "À déposer"
        return Statut(self.statut).label

    @property
    def satisfaite(self) -> bool:
        return self.statut == Statut.ACCEPTEE


def a_des_fichiers(piece: PieceJustificative) -> bool:
    return bool(piece.fichiers.all())  # uses the prefetch when there is one


def dossier_courant(foyer: Foyer) -> DossierAnnuel | None:
    """The foyer's dossier of the campaign parents work on (services/campagne.py decides)."""
    campagne = campagne_service.campagne_courante()
    return campagne_service.dossier_de(foyer, campagne) if campagne else None


def pieces_requises(dossier: DossierAnnuel) -> list[PieceRequise]:
    """The memo's list with its rules, for one foyer's dossier of one school year."""
    foyer = dossier.foyer
    # Eldest first, as in every list of the Dossier Famille tab.
    enfants = list(
        Enfant.objects.filter(gardes__foyer=foyer).distinct().order_by("date_naissance", "pk")
    )
    fiches = {f.enfant_id: f for f in FicheSante.objects.filter(enfant__in=enfants)}

    requises = [
        PieceRequise(Type.DOMICILE, None, True, "De moins de deux mois.", True),
        PieceRequise(Type.ASSURANCE, None, True, "Pour l'année scolaire à venir.", True),
    ]
    if foyer.reside_commune:
        requises.append(
            PieceRequise(
                Type.IMPOSITION,
                None,
                False,
                "Si vous souhaitez le calcul de votre quotient familial et ne l'avez pas "
                "encore fourni cette année.",
                True,
            )
        )
    for enfant in enfants:
        fiche = fiches.get(enfant.pk)
        if fiche is not None and fiche.pai:
            requises += [
                PieceRequise(
                    Type.PAI_CERTIFICAT, enfant, True, "Établi par votre médecin (PAI).", True
                ),
                PieceRequise(Type.PAI_PHOTO, enfant, True, "Une photo récente de l'enfant.", True),
            ]
    for enfant in enfants:
        fiche = fiches.get(enfant.pk)
        sans_vaccins = fiche is not None and not fiche.vaccin_dtp_date and not fiche.vaccinations
        requises.append(
            PieceRequise(
                Type.CARNET_SANTE,
                enfant,
                sans_vaccins,
                "Si des rappels de vaccination ne sont pas indiqués sur la fiche Santé.",
                False,
            )
        )
    requises.append(
        PieceRequise(
            Type.JUGEMENT,
            None,
            False,
            "S'il est intervenu depuis l'inscription à l'école (pages concernant l'autorité "
            "parentale et la garde de l'enfant).",
            False,
        )
    )

    propres = {
        (p.type, p.enfant_id): p
        for p in PieceJustificative.objects.filter(dossier=dossier).prefetch_related("fichiers")
    }
    # A child has one PAI and one carnet de santé: what either parent's foyer deposited for the
    # same school year counts, so separated parents are not asked the same certificate twice.
    autres = {
        (p.type, p.enfant_id): p
        for p in PieceJustificative.objects.filter(
            dossier__campagne=dossier.campagne, enfant__in=enfants, type__in=TYPES_SANTE
        )
        .exclude(dossier=dossier)
        .filter(fichiers__isnull=False)
        .distinct()
        .order_by("deposee_le")
    }
    for requise in requises:
        cle = (requise.type, requise.enfant.pk if requise.enfant else None)
        requise.piece = propres.get(cle)
        if requise.piece is None or not a_des_fichiers(requise.piece):
            requise.piece_autre_foyer = autres.get(cle)
    return requises


def requise_par_cle(dossier: DossierAnnuel, cle: str) -> PieceRequise | None:
    return next((r for r in pieces_requises(dossier) if r.cle == cle), None)


def pieces_acceptees(dossier: DossierAnnuel, requises: list[PieceRequise] | None = None) -> bool:
    """Every required piece accepted, and nothing deposited left to review or refused.
    `requises`: pieces_requises(dossier), when the caller already has it."""
    requises = pieces_requises(dossier) if requises is None else requises
    if not all(r.satisfaite for r in requises if r.obligatoire):
        return False
    return not PieceJustificative.objects.filter(
        dossier=dossier, statut__in=[Statut.DEPOSEE, Statut.REFUSEE]
    ).exists()


# --- Deposit and review -----------------------------------------------------------------------


def deposer(
    dossier: DossierAnnuel,
    type_piece: str,
    enfant: Enfant | None,
    fichiers: list[FichierVerifie],
    auteur,
) -> PieceJustificative:
    """Add checked files to the piece (created if needed). All or nothing: if anything fails,
    no row stays in the database and no file stays on disk."""
    stockage = private_storage()
    ecrits: list[str] = []
    try:
        with transaction.atomic():
            DossierAnnuel.objects.select_for_update().filter(pk=dossier.pk).first()
            piece = PieceJustificative.objects.filter(
                dossier=dossier, type=type_piece, enfant=enfant
            ).first()
            if piece is None:
                piece = PieceJustificative.objects.create(
                    dossier=dossier, type=type_piece, enfant=enfant
                )
            if piece.statut == Statut.REFUSEE:
                # A refused file is replaced, not kept beside the new one: staff accepting the
                # piece must never accept the file they refused.
                remplaces = list(piece.fichiers.values_list("fichier", flat=True))
                piece.fichiers.all().delete()
                transaction.on_commit(lambda noms=remplaces: [stockage.delete(n) for n in noms])
            # New files reopen the review: staff must see them before the piece counts.
            piece.statut = Statut.DEPOSEE
            piece.motif_refus = ""
            piece.verifiee_le = None
            piece.verifiee_par = None
            piece.save()
            for verifie in fichiers:
                fichier = Fichier(
                    piece=piece,
                    nom_original=verifie.nom,
                    type_mime=verifie.type_mime,
                    taille=verifie.taille,
                    depose_par=auteur,
                )
                verifie.contenu.seek(0)
                fichier.fichier.save("piece", verifie.contenu, save=False)
                ecrits.append(fichier.fichier.name)
                fichier.save()
            _devalider(dossier)
            campagne_service.mettre_a_jour_statut(dossier)
    except Exception:
        for nom in ecrits:
            stockage.delete(nom)
        raise
    return piece


def _devalider(dossier: DossierAnnuel) -> None:
    """A validated dossier whose pieces change is no longer validated: staff must look again."""
    DossierAnnuel.objects.filter(pk=dossier.pk, statut=DossierAnnuel.Statut.VALIDE).update(
        statut=DossierAnnuel.Statut.INCOMPLET, valide_le=None, valide_par=None
    )


def peut_voir_piece(utilisateur, piece: PieceJustificative) -> bool:
    """Staff side: view permission, and health pieces only for the Éducation group."""
    if not utilisateur.has_perm("dossiers.view_piecejustificative"):
        return False
    return not piece.est_sante or voit_sante(utilisateur)


@transaction.atomic
def accepter(piece: PieceJustificative, agent) -> PieceJustificative:
    piece.statut = Statut.ACCEPTEE
    piece.motif_refus = ""
    piece.verifiee_le = timezone.now()
    piece.verifiee_par = agent
    piece.save()
    return piece


@transaction.atomic
def refuser(piece: PieceJustificative, agent, motif: str) -> PieceJustificative:
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError(
            {"motif": "Indiquez le motif du refus : la famille le verra."}, code="motif"
        )
    piece.statut = Statut.REFUSEE
    piece.motif_refus = motif
    piece.verifiee_le = timezone.now()
    piece.verifiee_par = agent
    piece.save()
    _devalider(piece.dossier)
    campagne_service.mettre_a_jour_statut(piece.dossier)
    piece_id = piece.pk
    transaction.on_commit(
        lambda: _tache("famille.dossiers.services.pieces.envoyer_email_refus", piece_id)
    )
    return piece


def _tache(chemin: str, *ids: int) -> None:
    from django_q.tasks import async_task

    async_task(chemin, *ids)


def envoyer_email_refus(piece_id: int) -> None:
    """Task (django-q2): tell the family a piece was refused. A health piece is not named and
    its reason stays on the portal: the e-mail may be read by someone else."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from ..pages import DossierFamillePage

    piece = (
        PieceJustificative.objects.select_related("dossier__foyer__titulaire", "enfant")
        .filter(pk=piece_id, statut=Statut.REFUSEE)
        .first()
    )
    if piece is None:
        return
    titulaire = piece.dossier.foyer.titulaire
    destinataires = titulaire.liste_emails or ([titulaire.email] if titulaire.email else [])
    if not destinataires:
        return
    contexte = {
        "titulaire": titulaire,
        "piece": None if piece.est_sante else piece,
        "lien": settings.PORTAIL_URL.rstrip("/") + DossierFamillePage.url_de("pieces"),
    }
    send_mail(
        "Portail Famille : une pièce justificative a été refusée",
        render_to_string("dossiers/pieces_email_refus.txt", contexte),
        None,
        destinataires,
    )


def manques_pour_valider(
    dossier: DossierAnnuel, requises: list[PieceRequise] | None = None
) -> list[str]:
    """What stops staff from validating: pieces not all accepted and, unless staff entered a
    paper dossier themselves, fiches the family has not validated."""
    manques = []
    if not pieces_acceptees(dossier, requises):
        manques.append(
            "Toutes les pièces obligatoires doivent être acceptées avant de valider le dossier."
        )
    if not dossier.papier:
        a_valider = [f.libelle for f in campagne_service.lignes_fiches(dossier) if not f.fait]
        if a_valider:
            manques.append("Fiches que la famille n'a pas validées : " + ", ".join(a_valider) + ".")
    return manques


@transaction.atomic
def valider_dossier(dossier: DossierAnnuel, agent) -> None:
    manques = manques_pour_valider(dossier)
    if manques:
        raise ValidationError(manques)
    dossier.statut = DossierAnnuel.Statut.VALIDE
    dossier.valide_le = timezone.now()
    dossier.valide_par = agent
    dossier.save(update_fields=["statut", "valide_le", "valide_par"])


def fichiers_visibles(foyer: Foyer):
    """Files a parent may download: those of the foyer's own dossiers, nothing else."""
    return Fichier.objects.filter(piece__dossier__foyer=foyer).filter(~Q(fichier=""))
