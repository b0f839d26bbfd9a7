"""« Effectuer un règlement »: one transaction row per attempt, saved before the bank is
called; only the server decides its outcome.

`preparer_reglement` validates the amount (1 € to the amount due, 100,000 € at most, to the
cent) and saves the row; the view then builds the return and notification URLs from its id and
`envoyer_a_la_banque` asks the bank for its page. `verifier` (notification, return page,
periodic job) locks the row, returns at once if final, asks the bank the status and, in the
same transaction, records exactly one ledger payment (one-to-one link) and allocates it; a
failure anywhere rolls all of it back. Logs carry transaction ids and states, never a name,
an address or an amount's owner."""

from __future__ import annotations

import datetime
import logging
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction as db
from django.utils import timezone
from django_q.tasks import async_task

from ..models import CompteurTicket, LigneCompte, RegiePaiement, TransactionPaiement
from . import ErreurFacturation, banques, grand_livre
from .tarification import euros

journal = logging.getLogger(__name__)
Etat = TransactionPaiement.Etat

MINIMUM = Decimal("1.00")
PLAFOND = Decimal("100000.00")
# PayFiP refuses a second payment of the same reference within this delay.
DELAI_MEME_REFERENCE = datetime.timedelta(minutes=20)
# A row that never got its idOp (the bank call crashed) is closed after this.
CREEE_ABANDONNEE = datetime.timedelta(hours=1)


def montant_du(foyer_id: int, structure_id: int) -> Decimal:
    return max(-grand_livre.solde(foyer_id, structure_id), Decimal("0.00"))


def lire_montant(saisie, du: Decimal) -> Decimal:
    """The amount typed by the parent, checked; French messages."""
    texte = str(saisie or "").strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    try:
        montant = Decimal(texte.replace(",", "."))
    except InvalidOperation:
        raise ErreurFacturation("Saisissez un montant en euros, par exemple 12,50.") from None
    if not montant.is_finite():
        raise ErreurFacturation("Saisissez un montant en euros, par exemple 12,50.")
    if montant.as_tuple().exponent < -2 and montant != montant.quantize(Decimal("0.01")):
        raise ErreurFacturation("Le montant s'écrit au centime près (deux décimales au plus).")
    montant = montant.quantize(Decimal("0.01"))
    if montant <= 0:
        raise ErreurFacturation("Le montant doit être positif.")
    if montant < MINIMUM:
        raise ErreurFacturation("Le paiement en ligne accepte un montant d'au moins 1,00 €.")
    if montant > PLAFOND:
        raise ErreurFacturation("Le paiement en ligne accepte au plus 100 000,00 € par règlement.")
    if montant > du:
        raise ErreurFacturation(
            f"Le montant ne peut pas dépasser le montant restant à régler ({euros(du)})."
        )
    return montant


def reference(foyer, structure_id: int) -> str:
    """PayFiP's refdet: the account (foyer and régie), letters and digits, 30 at most."""
    return re.sub(r"[^A-Za-z0-9]", "", f"{foyer.numero}S{structure_id}")[:30]


def regie_ouverte(structure_id: int | None) -> RegiePaiement | None:
    if structure_id is None:
        return None
    return RegiePaiement.objects.filter(structure_id=structure_id, actif=True).first()


def preparer_reglement(payeur, foyer, structure_id: int | None, saisie) -> TransactionPaiement:
    regie = regie_ouverte(structure_id)
    if regie is None:
        raise ErreurFacturation(
            "Le règlement en ligne n'est pas ouvert pour cette structure : "
            "vous pouvez régler au guichet unique de la mairie."
        )
    banques.verifier_configuration(regie)
    emails = payeur.liste_emails
    email = emails[0] if emails else payeur.email
    if not email:
        raise ErreurFacturation(
            "Renseignez une adresse e-mail dans votre profil : la banque y envoie le ticket."
        )
    ref = reference(foyer, structure_id)
    with db.atomic():
        # One attempt at a time per account: the balance row is the account's lock.
        grand_livre.verrouiller_soldes([(foyer.pk, structure_id)])
        montant = lire_montant(saisie, montant_du(foyer.pk, structure_id))
        maintenant = timezone.now()
        recente = (
            TransactionPaiement.objects.filter(
                reference=ref, demande_le__gt=maintenant - DELAI_MEME_REFERENCE
            )
            .exclude(etat=Etat.ECHEC)
            .order_by("-demande_le")
            .first()
        )
        if recente is not None:
            debut = timezone.localtime(recente.demande_le)
            if recente.etat == Etat.PAYEE:
                raise ErreurFacturation(
                    f"Un règlement de {euros(recente.montant)} a été enregistré à "
                    f"{debut:%H:%M} : le solde affiché en tient déjà compte."
                )
            reprise = debut + DELAI_MEME_REFERENCE
            raise ErreurFacturation(
                f"Un règlement de ce compte a été commencé à {debut:%H:%M}. Le service de "
                "paiement de la DGFiP n'en accepte pas un second dans les 20 minutes : "
                f"si vous l'avez abandonné, vous pourrez réessayer à partir de {reprise:%H:%M}."
            )
        return TransactionPaiement.objects.create(
            foyer=foyer,
            structure_id=structure_id,
            payeur=payeur,
            montant=montant,
            email=email,
            reference=ref,
            banque=regie.banque,
        )


def envoyer_a_la_banque(transaction_id: int, url_retour: str, url_notification: str) -> str:
    """Ask the bank for its payment page (outside call: the row is already saved). Returns the
    bank page's URL ("" for the stand-in bank: the view knows its address)."""
    transaction = TransactionPaiement.objects.get(pk=transaction_id)
    regie = RegiePaiement.objects.get(structure_id=transaction.structure_id)
    try:
        idop, url = banques.creer(regie, transaction, url_retour, url_notification)
    except (banques.BanqueIndisponible, banques.BanqueRefuse) as erreur:
        refus = isinstance(erreur, banques.BanqueRefuse)
        transaction.etat = Etat.ECHEC
        transaction.termine_le = timezone.now()
        transaction.statut_banque = f"création refusée : {erreur}"[:200]
        transaction.save(update_fields=["etat", "termine_le", "statut_banque"])
        journal.warning("Transaction %s : la banque n'a pas créé le paiement", transaction.pk)
        if refus:
            raise ErreurFacturation(
                "Le service de paiement a refusé la demande. Si un règlement de ce compte a été "
                "commencé il y a moins de 20 minutes, réessayez plus tard ; sinon, réglez au "
                "guichet unique de la mairie."
            ) from erreur
        raise ErreurFacturation(
            "Le service de paiement ne répond pas pour le moment : réessayez dans quelques "
            "minutes. Rien n'a été débité."
        ) from erreur
    transaction.idop = idop
    transaction.etat = Etat.EN_COURS
    transaction.save(update_fields=["idop", "etat"])
    return url


def verifier(transaction_id: int, *, expirer_si_en_cours: bool = False) -> TransactionPaiement:
    """Lock the row, ask the bank, settle. Idempotent; safe to run concurrently."""
    with db.atomic():
        transaction = TransactionPaiement.objects.select_for_update().get(pk=transaction_id)
        if transaction.est_finale or not transaction.idop:
            return transaction
        transaction.verifications += 1
        try:
            reponse = banques.statut(transaction)
        except banques.BanqueIndisponible:
            journal.warning("Transaction %s : statut non obtenu, nouvel essai", transaction.pk)
            transaction.save(update_fields=["verifications"])
            return transaction
        transaction.verifie_le = timezone.now()
        transaction.statut_banque = reponse.statut[:200]
        transaction.donnees_banque = reponse.donnees
        etat = reponse.etat
        if etat == Etat.EN_COURS and expirer_si_en_cours:
            etat = Etat.EXPIREE
        if (
            etat == Etat.PAYEE
            and reponse.montant is not None
            and (reponse.montant != transaction.montant)
        ):
            journal.error(
                "Transaction %s : montant payé différent du montant demandé", transaction.pk
            )
            etat = Etat.ECHEC
        if etat == Etat.PAYEE:
            _crediter(transaction)
        transaction.etat = etat
        if transaction.est_finale:
            transaction.termine_le = transaction.verifie_le
        transaction.save()
        journal.info("Transaction %s : %s", transaction.pk, etat)
        if etat == Etat.PAYEE:
            db.on_commit(
                lambda: async_task("famille.facturation.tasks.envoyer_ticket", transaction_id)
            )
        return transaction


def _crediter(transaction: TransactionPaiement) -> None:
    """The ledger payment, its allocation and the ticket number, in the caller's transaction."""
    jour = timezone.localdate()
    compteur, _ = CompteurTicket.objects.get_or_create(
        structure_id=transaction.structure_id, annee=jour.year
    )
    compteur = CompteurTicket.objects.select_for_update().get(pk=compteur.pk)
    compteur.dernier += 1
    compteur.save(update_fields=["dernier"])
    transaction.annee_ticket = jour.year
    transaction.numero_ticket = compteur.dernier
    ligne = grand_livre.enregistrer_operation(
        None,
        foyer_id=transaction.foyer_id,
        structure_id=transaction.structure_id,
        type_=LigneCompte.Type.PAIEMENT,
        montant=transaction.montant,
        jour=jour,
        libelle=f"Paiement en ligne par carte (ticket {transaction.reference_ticket})",
    )
    transaction.ligne = ligne
    grand_livre.allouer(ligne)


def notification(transaction_id: int, idop_poste: str) -> TransactionPaiement | None:
    """The bank's server-to-server call. The posted body is only a hint: an idOp that does not
    match the transaction changes nothing (logged); otherwise the bank is asked."""
    transaction = TransactionPaiement.objects.filter(pk=transaction_id).first()
    if transaction is None or not idop_poste or transaction.idop != idop_poste:
        journal.warning(
            "Notification de paiement refusée (transaction %s inconnue ou idOp faux)",
            transaction_id,
        )
        return None
    return verifier(transaction.pk)


def a_verifier(maintenant: datetime.datetime) -> list[tuple[int, bool]]:
    """(transaction id, expire if still pending) of the rows the periodic job asks about now:
    every run during PayFiP's two-hour « en cours » window, then once on a later day."""
    fenetre = maintenant - banques.ATTENTE_MAX - datetime.timedelta(minutes=5)
    aujourdhui = timezone.localdate(maintenant)
    resultat = []
    for pk, demande_le, verifie_le in TransactionPaiement.objects.filter(
        etat=Etat.EN_COURS
    ).values_list("pk", "demande_le", "verifie_le"):
        if demande_le > fenetre:
            resultat.append((pk, False))
        elif timezone.localdate(demande_le) < aujourdhui and (
            verifie_le is None or timezone.localdate(verifie_le) < aujourdhui
        ):
            resultat.append((pk, True))
    return resultat


def fermer_creees(maintenant: datetime.datetime) -> int:
    """Rows whose bank call never happened (crash): closed as failed, nothing was paid."""
    return TransactionPaiement.objects.filter(
        etat=Etat.CREEE, idop="", demande_le__lt=maintenant - CREEE_ABANDONNEE
    ).update(etat=Etat.ECHEC, termine_le=maintenant, statut_banque="jamais envoyée à la banque")
