"""Writing the plan of a school registration import, in one transaction and in bulk.

Accounts follow the rules of famille.dossiers.services.creer_compte_famille (identifiant =
numéro de famille, names stripped, e-mails on the account, the foyer's structures, « mot de
passe initial en attente ») with one difference: hashing a random password costs ~50-160 ms with
Argon2, i.e. several minutes for 10,000 families. New accounts therefore get an *unusable*
password: nobody can log in with it, and the letter that hands the family its identifiant
(famille.comptes.services.attribuer_mot_de_passe_initial) sets the initial password when it is
printed — the only moment it is readable anyway."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from famille.comptes.models import Compte
from famille.dossiers.models import Enfant, Foyer, Garde, ResponsableLegal

from .inscription_plan import Plan

LOT = 500


def inserer(modele, colonnes: list[str], lignes: list[tuple]) -> None:
    """Plain INSERTs for link tables (two foreign keys, a default or two): no model instance
    per row, which is most of the cost of bulk_create for 100,000 links."""
    if not lignes:
        return
    quote = connection.ops.quote_name
    noms = ", ".join(quote(modele._meta.get_field(c).column) for c in colonnes)
    marques = ", ".join(["%s"] * len(colonnes))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(modele._meta.db_table)} ({noms}) VALUES ({marques})", lignes
        )


@transaction.atomic
def ecrire(plan: Plan) -> list[int]:
    """Write everything the plan holds; returns the ids of the accounts created."""
    nouveaux = [f for f in plan.foyers.values() if f.existant is None]
    comptes = [
        Compte(
            username=f.identifiant,
            first_name=f.compte["first_name"][:150],
            last_name=f.compte["last_name"][:150],
            emails=f.compte["emails"] or "",
            email=(f.compte["emails"] or "").split(";")[0].strip(),
            password=make_password(None),
            mot_de_passe_initial=True,
        )
        for f in nouveaux
    ]
    Compte.objects.bulk_create(comptes, batch_size=LOT)
    inserer(
        Compte.structures.through,
        ["compte", "structure"],
        [
            (compte.pk, structure)
            for f, compte in zip(nouveaux, comptes, strict=True)
            for structure in sorted(f.structures)
        ],
    )
    foyers = [
        Foyer(numero=f.identifiant, titulaire_id=compte.pk, **f.champs)
        for f, compte in zip(nouveaux, comptes, strict=True)
    ]
    Foyer.objects.bulk_create(foyers, batch_size=LOT)
    for f, foyer in zip(nouveaux, foyers, strict=True):
        f.instance = foyer

    for f in plan.foyers.values():
        if f.existant is None:
            continue
        f.instance = f.existant
        if f.changements:
            for champ, valeur in f.changements.items():
                setattr(f.existant, champ, valeur)
            f.existant.save(update_fields=[*f.changements, "modifie_le"])
        if f.compte_changements:
            compte = f.existant.titulaire
            for champ, valeur in f.compte_changements.items():
                setattr(compte, champ, valeur)
            compte.save(update_fields=[*f.compte_changements, "email"])
        if f.structures:
            f.existant.titulaire.structures.add(*f.structures)

    nouveaux_enfants = [e for e in plan.enfants if e.existant is None]
    instances = [Enfant(**e.champs) for e in nouveaux_enfants]
    Enfant.objects.bulk_create(instances, batch_size=LOT)
    for e, instance in zip(nouveaux_enfants, instances, strict=True):
        e.instance = instance
    for e in plan.enfants:
        if e.existant is None:
            continue
        e.instance = e.existant
        if e.changements:
            for champ, valeur in e.changements.items():
                setattr(e.existant, champ, valeur)
            e.existant.save(update_fields=list(e.changements))

    inserer(
        Garde,
        ["foyer", "enfant", "regle", "jours"],
        [(f.instance.pk, e.instance.pk, Garde.Regle.TOUJOURS.value, "") for f, e in plan.gardes],
    )

    nouveaux_resp = [r for r in plan.responsables if r.existant is None]
    instances_resp = [ResponsableLegal(foyer=r.foyer.instance, **r.champs) for r in nouveaux_resp]
    ResponsableLegal.objects.bulk_create(instances_resp, batch_size=LOT)
    for r, instance in zip(nouveaux_resp, instances_resp, strict=True):
        r.instance = instance
    for r in plan.responsables:
        if r.existant is not None:
            r.instance = r.existant
            if r.changements:
                for champ, valeur in r.changements.items():
                    setattr(r.existant, champ, valeur)
                r.existant.save(update_fields=list(r.changements))
    inserer(
        ResponsableLegal.enfants.through,
        ["responsablelegal", "enfant"],
        [(r.instance.pk, e.instance.pk) for r in plan.responsables for e in r.enfants],
    )
    return [c.pk for c in comptes]
