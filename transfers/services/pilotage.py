"""An import from upload to result: the history record, the header mapping, the analysis and
the writing, both run as django-q2 tasks (inline in tests) that report their progress."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from ..champs import (
    colonnes_manquantes,
    colonnes_oubliees,
    message_colonnes_manquantes,
    multiples,
    proposer_correspondance,
)
from ..lecture import TAILLE_MAX, FichierRefuse, Tableau, lire, verifier_fichier
from ..models import CorrespondanceColonnes, ImportFichier
from .apercu import compter
from .inscription_ecriture import inserer
from .registre import definition

logger = logging.getLogger(__name__)
Statut = ImportFichier.Statut
MOTIF_REFUS = "Motif du refus"


def televerser(type_: str, fichier, auteur) -> ImportFichier:
    """Check and keep the uploaded file. Raises FichierRefuse with the reason."""
    if fichier.size > TAILLE_MAX:
        verifier_fichier(fichier.name, fichier.size, b"")
    contenu = fichier.read()
    tableau = lire(fichier.name, contenu)
    if not tableau.lignes:
        raise FichierRefuse("Le fichier ne contient que des en-têtes, aucune ligne de données.")
    import_fichier = ImportFichier(
        type=type_,
        nom_original=fichier.name[:255],
        taille=len(contenu),
        encodage=tableau.encodage,
        auteur=auteur,
        total_lignes=len(tableau.lignes),
    )
    import_fichier.fichier.save("import", ContentFile(contenu), save=False)
    import_fichier.save()
    return import_fichier


def tableau(import_fichier: ImportFichier) -> Tableau:
    with import_fichier.fichier.open("rb") as f:
        return lire(import_fichier.nom_original, f.read())


def proposition(import_fichier: ImportFichier, entetes: list[str]) -> dict[str, str]:
    derniere = CorrespondanceColonnes.objects.filter(type=import_fichier.type).first()
    return proposer_correspondance(
        definition(import_fichier.type).champs,
        entetes,
        import_fichier.correspondance or (derniere.correspondance if derniere else {}),
    )


def lancer_analyse(import_fichier: ImportFichier, correspondance: dict[str, str], auteur) -> None:
    """Remember the mapping, then analyse in the background. Raises FichierRefuse if a
    required column is not mapped."""
    correspondance = {k: v for k, v in correspondance.items() if v}
    manquantes = colonnes_manquantes(definition(import_fichier.type).champs, correspondance)
    if manquantes:
        raise FichierRefuse(message_colonnes_manquantes(manquantes))
    CorrespondanceColonnes.objects.update_or_create(
        type=import_fichier.type, defaults={"correspondance": correspondance, "modifie_par": auteur}
    )
    import_fichier.correspondance = correspondance
    import_fichier.statut = Statut.ANALYSE
    import_fichier.lignes_traitees = 0
    import_fichier.save(update_fields=["correspondance", "statut", "lignes_traitees"])
    async_task("transfers.tasks.analyser_import", import_fichier.pk)


def confirmer(import_fichier: ImportFichier, seulement_valides: bool) -> None:
    """Start the real import, once. Refuses a file with errors unless only valid rows are wanted."""
    if import_fichier.lignes_en_erreur and not seulement_valides:
        raise FichierRefuse(
            "Le fichier contient des erreurs : rien n'a été importé. Corrigez le fichier ou cochez "
            "« importer seulement les lignes valides »."
        )
    pris = ImportFichier.objects.filter(pk=import_fichier.pk, statut=Statut.APERCU).update(
        statut=Statut.EN_COURS,
        seulement_valides=seulement_valides,
        confirme_le=timezone.now(),
        lignes_traitees=0,
    )
    if not pris:
        raise FichierRefuse("Cet import a déjà été confirmé ou annulé.")
    async_task("transfers.tasks.executer_import", import_fichier.pk)


def lignes_refusees(import_fichier: ImportFichier) -> tuple[list[str], list[list]]:
    """The refused rows as the file had them (a repaired row as repaired), the reason in a
    first column, to fix in a spreadsheet and import again: the other columns keep the file's
    headers, so the remembered mapping applies to the corrected file."""
    motifs = {ligne["n"]: " ".join(ligne["e"]) for ligne in import_fichier.apercu if ligne["e"]}
    lu = tableau(import_fichier)
    index = {entete: i for i, entete in enumerate(lu.entetes)}
    correspondance = import_fichier.correspondance
    positions = sorted(
        index[correspondance[cle]]
        for cle in multiples(definition(import_fichier.type).champs)
        if correspondance.get(cle) in index
    )
    lignes = []
    for numero, cellules in lu.lignes:
        if numero in motifs:
            cellules, _anomalie = lu.ajuster(numero, cellules, positions)
            lignes.append([motifs[numero], *cellules])
    return [MOTIF_REFUS, *lu.entetes], lignes


def annuler(import_fichier: ImportFichier) -> bool:
    return bool(
        ImportFichier.objects.filter(
            pk=import_fichier.pk, statut__in=[Statut.RECU, Statut.APERCU]
        ).update(statut=Statut.ANNULE)
    )


def _analyse(import_fichier: ImportFichier):
    champs = definition(import_fichier.type).champs
    lu = tableau(import_fichier)
    lignes = lu.valeurs(import_fichier.correspondance, multiples(champs))
    import_fichier.avertissements = colonnes_oubliees(
        champs, lu.entetes, import_fichier.correspondance, lu.lignes
    )

    def progression(n: int) -> None:
        ImportFichier.objects.filter(pk=import_fichier.pk).update(lignes_traitees=n)

    resultat = definition(import_fichier.type).analyser(
        lignes, import_fichier.correspondance, progression
    )
    comptes = compter(resultat.lignes)
    import_fichier.total_lignes = len(lignes)
    import_fichier.lignes_traitees = len(lignes)
    import_fichier.lignes_creees = comptes["creation"]
    import_fichier.lignes_modifiees = comptes["modification"]
    import_fichier.lignes_inchangees = comptes["inchange"]
    import_fichier.lignes_en_erreur = comptes["erreur"]
    import_fichier.apercu = [ligne.en_json() for ligne in resultat.lignes]
    import_fichier.inconnus = getattr(resultat, "inconnus", {})
    if hasattr(resultat, "statistiques"):
        stats = resultat.statistiques
        import_fichier.statistiques = stats() if callable(stats) else stats
    return resultat


def analyser_import(import_id: int) -> None:
    import_fichier = ImportFichier.objects.get(pk=import_id)
    try:
        _analyse(import_fichier)
        import_fichier.statut = Statut.APERCU
    except FichierRefuse as exc:
        import_fichier.statut, import_fichier.erreur_fichier = Statut.ECHEC, str(exc)
    except Exception:
        logger.exception("Analyse de l'import %s impossible", import_id)
        import_fichier.statut = Statut.ECHEC
        import_fichier.erreur_fichier = (
            "L'analyse du fichier a échoué : contactez l'administrateur."
        )
    import_fichier.save()


def executer_import(import_id: int) -> None:
    """Analyse again (the database may have changed since the preview), then write."""
    import_fichier = ImportFichier.objects.get(pk=import_id)
    try:
        resultat = _analyse(import_fichier)
        if import_fichier.lignes_en_erreur and not import_fichier.seulement_valides:
            import_fichier.statut = Statut.REFUSE
            import_fichier.erreur_fichier = (
                "Le fichier contient des erreurs : rien n'a été importé."
            )
        else:
            with transaction.atomic():
                comptes = definition(import_fichier.type).ecrire(resultat)
                import_fichier.statut = Statut.TERMINE
                import_fichier.termine_le = timezone.now()
                import_fichier.save()
                inserer(
                    ImportFichier.comptes_crees.through,
                    ["importfichier", "compte"],
                    [(import_fichier.pk, pk) for pk in comptes],
                )
            return
    except Exception:
        logger.exception("Import %s impossible", import_id)
        import_fichier.statut = Statut.ECHEC
        import_fichier.erreur_fichier = "L'import a échoué : rien n'a été enregistré."
    import_fichier.save()
