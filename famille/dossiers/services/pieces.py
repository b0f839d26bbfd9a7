"""Pièces justificatives: which ones a dossier needs (the memo's list and its rules), the deposit
in private storage (all or nothing) and the review by staff. The upload checks (type from the
content, 2 Mo, names) are in pieces_verification.py and re-exported here."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from famille.comptes.acces import voit_sante

from ..models import DossierAnnuel, Enfant, Fichier, Foyer, Modification, PieceJustificative
from ..models.pieces import TYPES_SANTE, private_storage  # noqa: F401  (TYPES_SANTE: re-exported)
from . import campagne as campagne_service
from .pieces_requises import (  # noqa: F401  (re-exported: the pieces API in one place)
    PieceRequise,
    a_des_fichiers,
    pieces_acceptees,
    pieces_requises,
    requise_par_cle,
)
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


def dossier_courant(foyer: Foyer) -> DossierAnnuel | None:
    """The foyer's dossier of the campaign parents work on (services/campagne.py decides)."""
    campagne = campagne_service.campagne_courante()
    return campagne_service.dossier_de(foyer, campagne) if campagne else None


# --- Deposit and review -----------------------------------------------------------------------


def verifier_quota(dossier: DossierAnnuel, fichiers: list[FichierVerifie]) -> None:
    """At most QUOTA_PIECES files and bytes per foyer and campaign (one dossier): enough for
    every pièce of a large family, not for filling the disk (issue 8.4: three requests of 100
    files had stored 600 Mo). Called under the dossier's row lock, so concurrent deposits
    cannot both pass."""
    quota = settings.QUOTA_PIECES
    deja = Fichier.objects.filter(piece__dossier=dossier).aggregate(n=Count("pk"), o=Sum("taille"))
    nombre = deja["n"] + len(fichiers)
    octets = (deja["o"] or 0) + sum(f.taille for f in fichiers)
    if nombre > quota["fichiers"] or octets > quota["octets"]:
        raise ValidationError(
            f"Votre dossier compte déjà {deja['n']} fichier(s) ({taille_lisible(deja['o'] or 0)}) :"
            f" {quota['fichiers']} fichiers au plus pour l'année, "
            f"{taille_lisible(quota['octets'])} en tout. Déposez moins de fichiers, ou "
            "contactez le service Éducation.",
            code="quota",
        )


def deposer(
    dossier: DossierAnnuel,
    type_piece: str,
    enfant: Enfant | None,
    fichiers: list[FichierVerifie],
    auteur,
    *,
    remplacer: bool = False,
) -> PieceJustificative:
    """Add checked files to the piece (created if needed), or with `remplacer` put them in
    place of the files the parent deposited while the piece is not reviewed yet (issue 10.5).
    All or nothing: if anything fails, no row stays in the database and no file stays on
    disk."""
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
            elif remplacer:
                _remplacer(piece, auteur, stockage)
            verifier_quota(dossier, fichiers)
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
            _journaliser(piece, auteur, ajoutes=[f.nom for f in fichiers])
            _devalider(dossier)
            campagne_service.mettre_a_jour_statut(dossier)
    except Exception:
        for nom in ecrits:
            stockage.delete(nom)
        raise
    return piece


def peut_retirer(piece: PieceJustificative | None, fichier: Fichier, compte) -> bool:
    """A parent may remove or replace a file he or she deposited while the Education service
    has not reviewed the piece (issue 10.5): never once accepted (or refused: a refused piece's
    files are replaced by the next deposit anyway)."""
    return (
        piece is not None
        and piece.statut == Statut.DEPOSEE
        and fichier.depose_par_id == getattr(compte, "pk", None)
    )


def _remplacer(piece: PieceJustificative, auteur, stockage) -> None:
    """Remove the parent's own files of a piece not reviewed yet, before the new ones are
    added; files of an accepted or refused piece, or deposited by someone else, stay."""
    if piece.statut != Statut.DEPOSEE:
        raise ValidationError(
            "Cette pièce a déjà été vérifiée par le service Éducation : ses fichiers ne peuvent"
            " plus être remplacés. Les nouveaux fichiers s'ajoutent aux autres.",
            code="deja_verifiee",
        )
    retires = [f for f in piece.fichiers.all() if peut_retirer(piece, f, auteur)]
    if not retires:
        return
    noms = [f.fichier.name for f in retires]
    Fichier.objects.filter(pk__in=[f.pk for f in retires]).delete()
    _journaliser(piece, auteur, retires=[f.nom_original for f in retires])
    transaction.on_commit(lambda: [stockage.delete(n) for n in noms])


class RetraitImpossible(Exception):
    """A file the parent may not remove: the message says why, in French."""


def retirer_fichier(dossier: DossierAnnuel, fichier_id: int, auteur) -> Fichier:
    """Remove one file the parent deposited in this dossier while its piece is not reviewed:
    the row goes, the stored file goes after commit, the history keeps a trace, and the
    dossier's status follows (a piece left without files is « À déposer » again). Raises
    Fichier.DoesNotExist for a file of another dossier (the view answers 404)."""
    stockage = private_storage()
    with transaction.atomic():
        DossierAnnuel.objects.select_for_update().filter(pk=dossier.pk).first()
        fichier = Fichier.objects.select_related("piece").get(pk=fichier_id, piece__dossier=dossier)
        piece = fichier.piece
        if not peut_retirer(piece, fichier, auteur):
            raise RetraitImpossible(
                "Ce fichier ne peut plus être supprimé : le service Éducation a déjà vérifié la"
                " pièce, ou le fichier a été déposé par quelqu'un d'autre."
            )
        nom = fichier.fichier.name
        fichier.delete()
        _journaliser(piece, auteur, retires=[fichier.nom_original])
        if not piece.fichiers.exists():
            piece.delete()
        transaction.on_commit(lambda: stockage.delete(nom))
        _devalider(dossier)
        campagne_service.mettre_a_jour_statut(dossier)
    return fichier


def _journaliser(
    piece: PieceJustificative, auteur, *, ajoutes: list[str] = (), retires: list[str] = ()
) -> None:
    """The trace in the history of the fiches (who, when, which file): health documents'
    names are shown only to the Éducation group, like the fiche santé's values."""
    changements = {}
    libelle = piece.get_type_display()
    if retires:
        changements[f"{libelle} : fichier supprimé"] = ["; ".join(retires), None]
    if ajoutes:
        changements[f"{libelle} : fichier déposé"] = [None, "; ".join(ajoutes)]
    Modification.objects.create(
        foyer=piece.dossier.foyer,
        enfant=piece.enfant,
        fiche="pieces",
        changements=changements,
        sante=piece.est_sante,
        auteur=auteur if getattr(auteur, "is_authenticated", False) else None,
    )


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
    transaction.on_commit(lambda: _tache("famille.dossiers.tasks.envoyer_email_refus", piece_id))
    return piece


def _tache(chemin: str, *ids: int) -> None:
    from django_q.tasks import async_task

    async_task(chemin, *ids)


def manques_pour_valider(
    dossier: DossierAnnuel, requises: list[PieceRequise] | None = None
) -> list[str]:
    """What stops staff from validating: the one rule of etat_dossier.py (complete, and every
    pièce accepted), paper dossiers included."""
    return campagne_service.etat(dossier, requises).manques_pour_valider


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
