"""Rules of the Compte Famille: creating accounts for the Education service (by hand, at the
counter or from the school registration import), the second parent's account of a separated
family, and the custody rules that say on which days each parent may book."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from famille.comptes import services as comptes_services
from famille.comptes.adresses import trier_adresses
from famille.comptes.models import Compte, Structure

from ..models import Enfant, Foyer, Garde, PeriodeGarde


@dataclass
class CompteCree:
    foyer: Foyer
    mot_de_passe_initial: str | None  # readable only now, for the letter; None if not reset


# Form field names: a ValidationError keyed by them lands next to the right field.
_CHAMPS_COMPTE = {"username": "identifiant", "first_name": "prenom", "last_name": "nom"}


def normaliser_emails(emails: str) -> str:
    """« a@x.fr ; b@y.fr » → « a@x.fr;b@y.fr »: each address checked, duplicates removed.
    Staff may also separate them by commas. The error names the invalid address, so staff know
    which one to fix."""
    adresses, invalides = trier_adresses(emails, "[;,]")
    if invalides:
        raise ValidationError({"emails": f"L'adresse e-mail « {invalides[0]} » n'est pas valide."})
    return ";".join(adresses)


def verifier_identifiant_libre(identifiant: str) -> str:
    identifiant = identifiant.strip()
    if not identifiant:
        raise ValidationError({"identifiant": "Saisissez un identifiant."})
    # Parents type it in any case: « f1001 » and « F1001 » are the same account.
    if Compte.objects.filter(username__iexact=identifiant).exists():
        raise ValidationError(
            {"identifiant": f"Un compte utilise déjà l'identifiant « {identifiant} »."}
        )
    if Foyer.objects.filter(numero__iexact=identifiant).exists():
        raise ValidationError(
            {"identifiant": f"Un compte famille porte déjà le numéro « {identifiant} »."}
        )
    return identifiant


@transaction.atomic
def creer_compte_famille(
    *,
    identifiant: str,
    prenom: str,
    nom: str,
    emails: str = "",
    structures: Iterable[Structure] | None = None,
    mot_de_passe: str | None = None,
    **champs_foyer,
) -> CompteCree:
    """Create the titulaire's account and its foyer, with a one-time initial password.

    `mot_de_passe` is for the demo only: real accounts get a random initial password, shown
    once to staff for the letter and never stored readable. Raises ValidationError (French
    messages keyed by form field) and saves nothing when the input is wrong."""
    identifiant = verifier_identifiant_libre(identifiant)
    if not prenom.strip() or not nom.strip():
        raise ValidationError(
            {
                champ: "Champ requis."
                for champ, valeur in (("prenom", prenom), ("nom", nom))
                if not valeur.strip()
            }
        )
    compte = Compte(
        username=identifiant,
        first_name=prenom.strip(),
        last_name=nom.strip(),
        emails=normaliser_emails(emails),
    )
    try:
        compte.full_clean(exclude=["password"], validate_constraints=False)
    except ValidationError as erreur:
        raise ValidationError(
            {_CHAMPS_COMPTE.get(k, k): v for k, v in erreur.message_dict.items()}
        ) from None
    if mot_de_passe:
        compte.set_password(mot_de_passe)
        compte.mot_de_passe_initial = True
        compte.save()
        initial = mot_de_passe
    else:
        compte.save()
        initial = comptes_services.attribuer_mot_de_passe_initial(compte)
    if structures:
        compte.structures.set(structures)
    foyer = Foyer(numero=identifiant, titulaire=compte, **champs_foyer)
    foyer.full_clean(exclude=["titulaire"])
    foyer.save()
    return CompteCree(foyer=foyer, mot_de_passe_initial=initial)


# --- custody ---------------------------------------------------------------------------------

Periode = tuple[datetime.date, datetime.date]


def parser_periodes(texte: str) -> list[Periode]:
    """One period per line, « 01/09/2026 - 15/09/2026 » (or « au » between the dates)."""
    periodes = []
    for numero, ligne in enumerate(texte.splitlines(), start=1):
        ligne = ligne.strip()
        if not ligne:
            continue
        morceaux = ligne.replace(" au ", " - ").replace("–", "-").split(" - ")
        try:
            debut, fin = (
                datetime.datetime.strptime(m.strip(), "%d/%m/%Y").date() for m in morceaux
            )
        except ValueError:
            raise ValidationError(
                f"Ligne {numero} : écrivez la période sous la forme « 01/09/2026 - 15/09/2026 »."
            ) from None
        if fin < debut:
            raise ValidationError(f"Ligne {numero} : la fin de la période précède son début.")
        periodes.append((debut, fin))
    return periodes


def definir_garde(
    foyer: Foyer,
    enfant: Enfant,
    regle: str = Garde.Regle.TOUJOURS,
    jours: Iterable[int] | str = "",
    periodes: Iterable[Periode] = (),
) -> Garde:
    """Link a child to a foyer with its custody rule (replacing the previous one)."""
    if not isinstance(jours, str):
        jours = ",".join(str(j) for j in sorted(set(jours)))
    periodes = list(periodes)
    if regle == Garde.Regle.JOURS and not jours:
        raise ValidationError("Choisissez au moins un jour de garde.")
    if regle == Garde.Regle.PERIODES and not periodes:
        raise ValidationError("Indiquez au moins une période de garde.")
    garde, _ = Garde.objects.update_or_create(
        foyer=foyer, enfant=enfant, defaults={"regle": regle, "jours": jours}
    )
    if regle == Garde.Regle.PERIODES:
        garde.periodes.all().delete()
        PeriodeGarde.objects.bulk_create(
            PeriodeGarde(garde=garde, debut=debut, fin=fin) for debut, fin in periodes
        )
    return garde


def rattacher_enfant(
    foyer: Foyer, enfant: Enfant, regle: str = Garde.Regle.TOUJOURS, jours: str = ""
) -> Garde:
    garde, _ = Garde.objects.update_or_create(
        foyer=foyer, enfant=enfant, defaults={"regle": regle, "jours": jours}
    )
    return garde


@dataclass
class RegleGarde:
    regle: str = Garde.Regle.TOUJOURS
    jours: tuple[int, ...] = ()
    periodes: tuple[Periode, ...] = ()


@transaction.atomic
def creer_compte_second_parent(
    foyer: Foyer,
    *,
    identifiant: str,
    prenom: str,
    nom: str,
    emails: str = "",
    garde_second: RegleGarde,
    garde_premier: RegleGarde,
    structures: Iterable[Structure] | None = None,
    mot_de_passe: str | None = None,
    **champs_foyer,
) -> CompteCree:
    """The other parent of a separated family gets an own Compte Famille (own titulaire,
    address, e-mails, ledger) linked to the same children; both links get a custody rule."""
    enfants = list(foyer.enfants.all())
    if not enfants:
        raise ValidationError(
            "Ce compte famille n'a aucun enfant : rattachez d'abord les enfants au compte."
        )
    if structures is None:
        structures = list(foyer.titulaire.structures.all())
    champs_foyer.setdefault("situation", Foyer.Situation.SEPARES)
    cree = creer_compte_famille(
        identifiant=identifiant,
        prenom=prenom,
        nom=nom,
        emails=emails,
        structures=structures,
        mot_de_passe=mot_de_passe,
        **champs_foyer,
    )
    for enfant in enfants:
        for cible, regle in ((cree.foyer, garde_second), (foyer, garde_premier)):
            definir_garde(cible, enfant, regle.regle, regle.jours, regle.periodes)
    if not foyer.situation:
        foyer.situation = Foyer.Situation.SEPARES
        foyer.save(update_fields=["situation"])
    return cree


def garde_couvre(garde: Garde, jour: datetime.date) -> bool:
    """Whether the custody rule of this link gives the child to this foyer on that day.
    Even/odd is the ISO week number: 28 December 2026 is week 53 (odd), 4 January 2027 is
    week 1 (odd), so two odd weeks follow each other at such a year's end, as on paper
    calendars."""
    regle = garde.regle
    if regle == Garde.Regle.TOUJOURS:
        return True
    if regle in (Garde.Regle.SEMAINES_PAIRES, Garde.Regle.SEMAINES_IMPAIRES):
        paire = jour.isocalendar().week % 2 == 0
        return paire == (regle == Garde.Regle.SEMAINES_PAIRES)
    if regle == Garde.Regle.JOURS:
        return jour.isoweekday() in garde.jours_iso
    if regle == Garde.Regle.PERIODES:
        return any(p.debut <= jour <= p.fin for p in garde.periodes.all())
    return False


def enfants_du_compte(compte: Compte):
    """The children an account sees: those linked to its foyer (both parents see shared ones)."""
    foyer = getattr(compte, "foyer", None)
    if foyer is None:
        return Enfant.objects.none()
    return Enfant.objects.filter(gardes__foyer=foyer).distinct()
