"""The campaign's follow-up for the Education service: which families have not started their
dossier (including those who never logged in), which are incomplete, to check or validated —
the dashboard's counts and the admin lists behind them come from the same querysets, so a list
holds exactly what its count says. A separated family's second parent has an own account and
dossier: it is counted as a « compte de second parent », never as an extra family.

Reminders sent by staff leave at most once per family and per day (the same claim as the
scheduled reminders: DossierAnnuel.derniere_relance); families without e-mail get a paper
letter instead."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from ..models import Campagne, DossierAnnuel, Foyer, Garde
from .campagne import dossier_de

Statut = DossierAnnuel.Statut

NON_COMMENCES = "non_commences"
INCOMPLETS = "incomplets"
A_VERIFIER = "a_verifier"
VALIDES = "valides"
SUIVIS = {
    NON_COMMENCES: "Non commencés (jamais connectés compris)",
    INCOMPLETS: "Incomplets",
    A_VERIFIER: "À vérifier",
    VALIDES: "Validés",
}


def annoter(foyers: QuerySet[Foyer], campagne: Campagne | None) -> QuerySet[Foyer]:
    """Add to each account its dossier's status for this campaign (`statut_dossier`, None
    before any visit, and `libelle_dossier` in words) and whether it is a second parent's
    account (`second_parent`: it shares a child with an account created before it)."""
    statut = DossierAnnuel.objects.filter(foyer=OuterRef("pk"), campagne=campagne).values("statut")[
        :1
    ]
    second = Garde.objects.filter(
        enfant__gardes__foyer=OuterRef("pk"), foyer__pk__lt=OuterRef("pk")
    )
    return foyers.annotate(
        statut_dossier=Subquery(statut),
        second_parent=Exists(second),
        libelle_dossier=Case(
            *[
                When(statut_dossier=valeur, then=Value(str(label)))
                for valeur, label in Statut.choices
            ],
            default=Value(str(Statut.NON_COMMENCE.label)),
            output_field=CharField(),
        ),
    )


def foyers_de_la_campagne(campagne: Campagne) -> QuerySet[Foyer]:
    """Every account with children, annotated (see `annoter`)."""
    avec_enfants = Foyer.objects.filter(Exists(Garde.objects.filter(foyer=OuterRef("pk"))))
    return annoter(avec_enfants, campagne).select_related("titulaire")


def filtre(suivi: str) -> Q:
    if suivi == NON_COMMENCES:
        return Q(statut_dossier__isnull=True) | Q(statut_dossier=Statut.NON_COMMENCE)
    return Q(
        statut_dossier={
            INCOMPLETS: Statut.INCOMPLET,
            A_VERIFIER: Statut.A_VERIFIER,
            VALIDES: Statut.VALIDE,
        }[suivi]
    )


def foyers_du_suivi(campagne: Campagne, suivi: str) -> QuerySet[Foyer]:
    return foyers_de_la_campagne(campagne).filter(filtre(suivi))


@dataclass
class Avancement:
    familles: int
    seconds_parents: int
    comptes: dict[str, int]

    @property
    def total(self) -> int:
        return self.familles + self.seconds_parents


def avancement(campagne: Campagne) -> Avancement:
    foyers = foyers_de_la_campagne(campagne)
    seconds = foyers.filter(second_parent=True).count()
    return Avancement(
        familles=foyers.count() - seconds,
        seconds_parents=seconds,
        comptes={suivi: foyers.filter(filtre(suivi)).count() for suivi in SUIVIS},
    )


def a_une_adresse(foyer: Foyer) -> bool:
    titulaire = foyer.titulaire
    return bool(titulaire.liste_emails or titulaire.email)


@dataclass
class Relance:
    envoyees: list[int]  # dossier ids whose reminder is queued
    deja_relancees: int  # already reminded today
    sans_adresse: int  # no e-mail: a paper letter instead
    terminees: int  # dossier sent or validated: nothing to remind


def relancer(foyers, campagne: Campagne, agent) -> Relance:
    """Claim today's reminder for each family whose dossier is not yet sent (at most once per
    family and per day, whoever sends it); returns the dossiers to e-mail (the caller queues
    the task after commit)."""
    jour = timezone.localdate()
    resultat = Relance([], 0, 0, 0)
    for foyer in foyers:
        if not a_une_adresse(foyer):
            resultat.sans_adresse += 1
            continue
        dossier = dossier_de(foyer, campagne)
        if dossier.statut in (Statut.A_VERIFIER, Statut.VALIDE):
            resultat.terminees += 1
            continue
        reclame = (
            DossierAnnuel.objects.filter(pk=dossier.pk)
            .filter(Q(derniere_relance__isnull=True) | Q(derniere_relance__lt=jour))
            .update(derniere_relance=jour)
        )
        if reclame:
            resultat.envoyees.append(dossier.pk)
        else:
            resultat.deja_relancees += 1
    return resultat


def lettres_dossier_papier(foyers, campagne: Campagne, agent) -> bytes:
    """One printed letter per family without e-mail: its dossier of the year is to renew, what
    is left, the deadline, and where to fetch and return the paper dossier. Each letter is
    kept in the account's journal (« letters sent » on the family's page)."""
    from famille.comptes import services as comptes_services
    from famille.comptes.lettres import _destinataire, contact_du_service
    from famille.comptes.models import Evenement
    from famille.comptes.pdf import template_vers_pdf

    from .campagne import date_longue, etat

    contact = contact_du_service()
    pages = []
    for foyer in foyers:
        dossier = dossier_de(foyer, campagne)
        e = etat(dossier)
        pages.append(
            {
                "destinataire": _destinataire(foyer.titulaire),
                "identifiant": foyer.titulaire.username,
                "campagne": campagne,
                "date_limite": date_longue(campagne.cloture),
                "restant": [ligne.libelle for ligne in e.restant],
                "contact": contact,
                "date": timezone.localdate(),
            }
        )
        comptes_services.journaliser(
            Evenement.Type.COURRIER,
            compte=foyer.titulaire,
            auteur=agent,
            detail=f"courrier du dossier papier {campagne.annee_scolaire}",
        )
    return template_vers_pdf("dossiers/lettres/dossier_papier.html", {"pages": pages})
