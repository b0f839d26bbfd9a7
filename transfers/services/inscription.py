"""The school registration file, one row per child: validation of each row, then the plan of
what an import would create, update or leave as is. Nothing here writes to the database: the
preview and the real import share this plan; inscription_ecriture writes it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone

from famille.comptes.models import Compte, Structure
from famille.dossiers.models import Classe, Ecole, Enfant, Foyer, Garde, ResponsableLegal

from ..champs import CHAMPS_INSCRIPTION, normaliser
from . import valeurs
from .apercu import LigneApercu

LIBELLES = {c.cle: c.libelle for c in CHAMPS_INSCRIPTION}
CHAMPS_FOYER = ("adresse", "complement_adresse", "code_postal", "ville", "telephone")
LOT = 900  # ids per IN (...) query: under SQLite's variable limit


@dataclass
class FoyerPlan:
    cle: str
    identifiant: str
    existant: Foyer | None
    compte: dict  # first_name, last_name, emails
    champs: dict
    ligne: int
    changements: dict = field(default_factory=dict)
    compte_changements: dict = field(default_factory=dict)
    structures: set[int] = field(default_factory=set)
    second: bool = False
    instance: Foyer | None = None  # set when written


@dataclass
class EnfantPlan:
    existant: Enfant | None
    champs: dict
    changements: dict = field(default_factory=dict)
    instance: Enfant | None = None


@dataclass
class ResponsablePlan:
    foyer: FoyerPlan
    existant: ResponsableLegal | None
    champs: dict
    enfants: list[EnfantPlan] = field(default_factory=list)
    instance: ResponsableLegal | None = None


@dataclass
class Plan:
    lignes: list[LigneApercu] = field(default_factory=list)
    foyers: dict[str, FoyerPlan] = field(default_factory=dict)
    enfants: list[EnfantPlan] = field(default_factory=list)
    gardes: list[tuple[FoyerPlan, EnfantPlan]] = field(default_factory=list)
    responsables: list[ResponsablePlan] = field(default_factory=list)

    @property
    def erreurs(self) -> int:
        return sum(1 for ligne in self.lignes if ligne.erreurs)

    def statistiques(self) -> dict:
        return {
            "comptes créés": sum(1 for f in self.foyers.values() if f.existant is None),
            "comptes modifiés": sum(
                1
                for f in self.foyers.values()
                if f.existant and (f.changements or f.compte_changements)
            ),
            "enfants créés": sum(1 for e in self.enfants if e.existant is None),
            "enfants modifiés": sum(1 for e in self.enfants if e.existant and e.changements),
            "responsables légaux ajoutés": sum(1 for r in self.responsables if r.existant is None),
            "rattachements": len(self.gardes),
        }


@dataclass
class Ligne:
    numero: int
    brut: dict
    entetes: dict  # field → the file's header, to name the column in errors
    erreurs: list[str] = field(default_factory=list)
    propre: dict = field(default_factory=dict)
    cles_en_erreur: set = field(default_factory=set)

    def erreur(self, cle: str | None, message: str) -> None:
        self.cles_en_erreur.add(cle)
        if cle is None:
            self.erreurs.append(f"Ligne {self.numero} : {message}")
        else:
            colonne = self.entetes.get(cle) or LIBELLES[cle]
            self.erreurs.append(f"Ligne {self.numero}, colonne « {colonne} » : {message}")


class Referentiel:
    """What the rows are checked against, loaded once: schools, classes, existing families."""

    def __init__(self, identifiants: set[str]):
        self.ecoles: dict[str, Ecole] = {normaliser(e.nom): e for e in Ecole.objects.all()}
        self.classes: dict[tuple[int, str], Classe] = {
            (c.ecole_id, normaliser(c.nom)): c for c in Classe.objects.all()
        }
        structures = list(Structure.objects.values_list("pk", flat=True))
        self.structure_unique = structures[0] if len(structures) == 1 else None
        self.foyers: dict[str, Foyer] = {}
        self.comptes_pris: set[str] = set()
        cles = sorted(identifiants)
        for i in range(0, len(cles), LOT):
            lot = cles[i : i + LOT]
            for foyer in (
                Foyer.objects.annotate(cle=Lower("numero"))
                .filter(cle__in=lot)
                .select_related("titulaire")
            ):
                self.foyers[foyer.numero.lower()] = foyer
            self.comptes_pris.update(
                Compte.objects.annotate(cle=Lower("username"))
                .filter(cle__in=lot)
                .values_list("cle", flat=True)
            )
        ids = [f.pk for f in self.foyers.values()]
        self.enfants: dict[int, dict[tuple, Enfant]] = {pk: {} for pk in ids}
        self.responsables: dict[int, dict[tuple, ResponsableLegal]] = {pk: {} for pk in ids}
        self.liens: set[tuple[int, int]] = set()
        for i in range(0, len(ids), LOT):
            lot = ids[i : i + LOT]
            for garde in Garde.objects.filter(foyer_id__in=lot).select_related("enfant"):
                enfant = garde.enfant
                self.enfants[garde.foyer_id][
                    cle_enfant(enfant.nom, enfant.prenom, enfant.date_naissance)
                ] = enfant
            for resp in ResponsableLegal.objects.filter(foyer_id__in=lot):
                self.responsables[resp.foyer_id][cle_personne(resp.nom, resp.prenom)] = resp
            self.liens.update(
                ResponsableLegal.enfants.through.objects.filter(
                    responsablelegal__foyer_id__in=lot
                ).values_list("responsablelegal_id", "enfant_id")
            )
        self.gardes = {
            (foyer_id, enfant.pk)
            for foyer_id, enfants in self.enfants.items()
            for enfant in enfants.values()
        }


def cle_enfant(nom: str, prenom: str, naissance: datetime.date) -> tuple:
    return (normaliser(nom), normaliser(prenom), naissance)


def cle_personne(nom: str, prenom: str) -> tuple:
    return (normaliser(nom), normaliser(prenom))


# --- one row ---------------------------------------------------------------------------------

_identifiant_valide = UnicodeUsernameValidator()


def valider_ligne(ligne: Ligne, ref: Referentiel, aujourdhui: datetime.date) -> None:
    """Fill ligne.propre with clean values, or ligne.erreurs with French sentences."""
    b, p = ligne.brut, ligne.propre

    def lire(cle: str, fonction: Callable = valeurs.texte, *args):
        try:
            return fonction(b.get(cle, ""), *args)
        except ValueError as exc:
            ligne.erreur(cle, str(exc))
            return None

    for cle in ("identifiant", "titulaire_nom", "titulaire_prenom", "enfant_nom", "enfant_prenom"):
        p[cle] = lire(cle)
        if p[cle] == "":
            ligne.erreur(cle, "cette valeur est obligatoire.")
    if p["identifiant"]:
        try:
            _identifiant_valide(p["identifiant"])
            if len(p["identifiant"]) > 30:
                raise ValidationError("")
        except ValidationError:
            ligne.erreur(
                "identifiant",
                f"« {p['identifiant']} » n'est pas un identifiant valide (30 caractères au plus : "
                "lettres, chiffres et . - _ sans espace).",
            )
    p["enfant_date_naissance"] = lire("enfant_date_naissance", valeurs.date_naissance, aujourdhui)
    if p["enfant_date_naissance"] is None and "enfant_date_naissance" not in ligne.cles_en_erreur:
        ligne.erreur("enfant_date_naissance", "cette valeur est obligatoire.")
    p["titulaire_lien"] = lire("titulaire_lien", valeurs.lien)
    p["emails"] = lire("emails", valeurs.emails)
    p["enfant_sexe"] = lire("enfant_sexe", valeurs.sexe)
    p["code_postal"] = lire("code_postal", valeurs.code_postal)
    for cle in ("adresse", "complement_adresse", "ville", "telephone"):
        p[cle] = lire(cle)
    _valider_ecole(ligne, ref)
    _valider_second_responsable(ligne, lire)


def _valider_ecole(ligne: Ligne, ref: Referentiel) -> None:
    b, p = ligne.brut, ligne.propre
    nom_ecole, nom_classe = valeurs.texte(b.get("ecole")), valeurs.texte(b.get("classe"))
    p["ecole"] = p["classe"] = None
    if nom_ecole:
        p["ecole"] = ref.ecoles.get(normaliser(nom_ecole))
        if p["ecole"] is None:
            ligne.erreur("ecole", f"l'école « {nom_ecole} » n'existe pas dans le portail.")
            return
    if nom_classe:
        if p["ecole"] is None:
            ligne.erreur("classe", f"la classe « {nom_classe} » est donnée sans école.")
            return
        p["classe"] = ref.classes.get((p["ecole"].pk, normaliser(nom_classe)))
        if p["classe"] is None:
            ligne.erreur(
                "classe", f"la classe « {nom_classe} » n'existe pas à l'école « {p['ecole'].nom} »."
            )


def _valider_second_responsable(ligne: Ligne, lire: Callable) -> None:
    p = ligne.propre
    for cle in (
        "resp2_nom",
        "resp2_prenom",
        "resp2_telephone",
        "resp2_adresse",
        "resp2_ville",
        "resp2_identifiant",
    ):
        p[cle] = lire(cle)
    p["resp2_lien"] = lire("resp2_lien", valeurs.lien)
    p["resp2_emails"] = lire("resp2_emails", valeurs.emails)
    p["resp2_code_postal"] = lire("resp2_code_postal", valeurs.code_postal)
    renseigne = any(
        p.get(c)
        for c in ("resp2_nom", "resp2_prenom", "resp2_telephone", "resp2_emails", "resp2_adresse")
    )
    if renseigne:
        for cle in ("resp2_nom", "resp2_prenom"):
            if not p[cle]:
                ligne.erreur(cle, "obligatoire quand un second responsable est indiqué.")


# --- the plan --------------------------------------------------------------------------------


def analyser(
    lignes: list[tuple[int, dict]],
    entetes: dict[str, str],
    progression: Callable[[int], None] | None = None,
    aujourdhui: datetime.date | None = None,
) -> Plan:
    """What importing these rows would do, row by row. Rows with errors contribute nothing."""
    aujourdhui = aujourdhui or timezone.localdate()
    identifiants = set()
    for _numero, brut in lignes:
        ident = valeurs.texte(brut.get("identifiant")).lower()
        if ident:
            identifiants.add(ident)
            identifiants.add(valeurs.texte(brut.get("resp2_identifiant")).lower() or f"{ident}-2")
    ref = Referentiel(identifiants)
    plan = Plan()
    constructeur = _Constructeur(plan, ref)
    for i, (numero, brut) in enumerate(lignes, 1):
        ligne = Ligne(numero, brut, entetes)
        valider_ligne(ligne, ref, aujourdhui)
        apercu = LigneApercu(numero)
        if not ligne.erreurs:
            constructeur.ajouter(ligne, apercu)
        apercu.erreurs = ligne.erreurs
        plan.lignes.append(apercu)
        if progression and i % 500 == 0:
            progression(i)
    return plan


class _Constructeur:
    def __init__(self, plan: Plan, ref: Referentiel):
        self.plan, self.ref = plan, ref
        self.familles: dict[str, tuple[int, dict]] = {}  # key → (first row, family values)
        self.vus: dict[tuple, int] = {}
        self.enfants: dict[tuple, EnfantPlan] = {}
        self.responsables: dict[tuple, ResponsablePlan] = {}
        self.gardes: set[tuple[int, int]] = set()
        self.liens: set[tuple[int, int]] = set()

    def ajouter(self, ligne: Ligne, apercu: LigneApercu) -> None:
        p = ligne.propre
        cle = p["identifiant"].lower()
        if not self._coherent(ligne, cle):
            return
        cle_e = cle_enfant(p["enfant_nom"], p["enfant_prenom"], p["enfant_date_naissance"])
        if (cle, cle_e) in self.vus:
            ligne.erreur(
                None,
                f"cette ligne répète la ligne {self.vus[(cle, cle_e)]} (même enfant dans la même famille).",
            )
            return
        if cle in self.ref.comptes_pris and cle not in self.ref.foyers:
            ligne.erreur(
                "identifiant",
                f"l'identifiant « {p['identifiant']} » est déjà celui d'un compte qui n'est pas un compte famille.",
            )
            return
        self.vus[(cle, cle_e)] = ligne.numero
        foyer = self._foyer(ligne, apercu, cle)
        enfant = self._enfant(ligne, apercu, foyer, cle_e)
        self._garde(foyer, enfant, apercu)
        titulaire = self._responsable(
            foyer,
            p["titulaire_nom"],
            p["titulaire_prenom"],
            p["titulaire_lien"],
            p["telephone"],
            p["emails"],
            "",
            apercu,
        )
        self._lier(titulaire, enfant)
        if p["resp2_nom"]:
            separe = bool(p["resp2_adresse"])
            adresse2 = " ".join(
                x for x in (p["resp2_adresse"], p["resp2_code_postal"], p["resp2_ville"]) if x
            )
            second = self._responsable(
                foyer,
                p["resp2_nom"],
                p["resp2_prenom"],
                p["resp2_lien"],
                p["resp2_telephone"],
                p["resp2_emails"],
                adresse2 if separe else "",
                apercu,
            )
            self._lier(second, enfant)
            if separe:
                self._second_foyer(ligne, apercu, foyer, enfant)

    def _coherent(self, ligne: Ligne, cle: str) -> bool:
        p = ligne.propre
        valeurs_famille = {
            c: p[c] for c in ("titulaire_nom", "titulaire_prenom", "emails", *CHAMPS_FOYER)
        }
        if cle not in self.familles:
            self.familles[cle] = (ligne.numero, valeurs_famille)
            return True
        premiere, attendues = self.familles[cle]
        for champ, valeur in valeurs_famille.items():
            attendu = attendues[champ]
            if valeur and attendu and normaliser(valeur) != normaliser(attendu):
                ligne.erreur(
                    champ,
                    f"« {valeur} » diffère de la ligne {premiere} (« {attendu} ») pour la même famille.",
                )
        return not ligne.erreurs

    def _foyer(self, ligne: Ligne, apercu: LigneApercu, cle: str) -> FoyerPlan:
        p = ligne.propre
        plan = self.plan.foyers.get(cle)
        structure = p["ecole"].structure_id if p["ecole"] else self.ref.structure_unique
        if plan is not None:
            if structure:
                plan.structures.add(structure)
            return plan
        compte = {
            "first_name": p["titulaire_prenom"],
            "last_name": p["titulaire_nom"],
            "emails": p["emails"],
        }
        champs = {c: p[c] for c in CHAMPS_FOYER if p[c]}
        plan = FoyerPlan(
            cle, p["identifiant"], self.ref.foyers.get(cle), compte, champs, ligne.numero
        )
        if structure:
            plan.structures.add(structure)
        self.plan.foyers[cle] = plan
        nom = f"{p['titulaire_prenom']} {p['titulaire_nom']}"
        if plan.existant is None:
            apercu.creation(f"Compte famille {plan.identifiant} créé pour {nom}")
        else:
            self._changements_foyer(plan, apercu)
        return plan

    def _changements_foyer(self, plan: FoyerPlan, apercu: LigneApercu) -> None:
        foyer, compte = plan.existant, plan.existant.titulaire
        for champ, valeur in plan.champs.items():
            if valeur and valeur != getattr(foyer, champ):
                plan.changements[champ] = valeur
        for champ, valeur in plan.compte.items():
            actuel = getattr(compte, champ)
            if champ == "emails":
                if valeur and valeurs.emails(actuel).lower() != valeur.lower():
                    plan.compte_changements[champ] = valeur
            elif valeur and valeur != actuel:
                plan.compte_changements[champ] = valeur
        if plan.changements or plan.compte_changements:
            noms = [str(Foyer._meta.get_field(c).verbose_name) for c in plan.changements]
            noms += [str(Compte._meta.get_field(c).verbose_name) for c in plan.compte_changements]
            apercu.modification(f"Compte famille {plan.identifiant} modifié : {', '.join(noms)}")

    def _enfant(
        self, ligne: Ligne, apercu: LigneApercu, foyer: FoyerPlan, cle_e: tuple
    ) -> EnfantPlan:
        p = ligne.propre
        cle = (foyer.cle, cle_e)
        if cle in self.enfants:
            return self.enfants[cle]
        champs = {
            "nom": p["enfant_nom"],
            "prenom": p["enfant_prenom"],
            "date_naissance": p["enfant_date_naissance"],
            "sexe": p["enfant_sexe"],
            "ecole": p["ecole"],
            "classe": p["classe"],
        }
        existant = (
            self.ref.enfants.get(foyer.existant.pk, {}).get(cle_e) if foyer.existant else None
        )
        plan = EnfantPlan(existant, champs)
        nom = f"{p['enfant_prenom']} {p['enfant_nom']}"
        if existant is None:
            apercu.creation(f"Enfant {nom} créé")
        else:
            for champ in ("sexe", "ecole", "classe"):
                if champs[champ] and champs[champ] != getattr(existant, champ):
                    plan.changements[champ] = champs[champ]
            if plan.changements:
                noms = ", ".join(
                    str(Enfant._meta.get_field(c).verbose_name) for c in plan.changements
                )
                apercu.modification(f"Enfant {nom} modifié : {noms}")
        self.enfants[cle] = plan
        self.plan.enfants.append(plan)
        return plan

    def _garde(self, foyer: FoyerPlan, enfant: EnfantPlan, apercu: LigneApercu) -> None:
        cle = (id(foyer), id(enfant))
        if cle in self.gardes:
            return
        if (
            foyer.existant
            and enfant.existant
            and (foyer.existant.pk, enfant.existant.pk) in self.ref.gardes
        ):
            return
        self.gardes.add(cle)
        self.plan.gardes.append((foyer, enfant))
        if foyer.second:
            apercu.modification(
                f"Enfant {enfant.champs['prenom']} rattaché au compte famille {foyer.identifiant} "
                "(garde « Tout le temps », à ajuster)"
            )

    def _responsable(
        self, foyer, nom, prenom, lien, telephone, emails, adresse, apercu
    ) -> ResponsablePlan:
        cle = (foyer.cle, cle_personne(nom, prenom))
        if cle in self.responsables:
            return self.responsables[cle]
        existant = None
        if foyer.existant:
            existant = self.ref.responsables.get(foyer.existant.pk, {}).get(
                cle_personne(nom, prenom)
            )
        champs = {
            "nom": nom,
            "prenom": prenom,
            "lien": lien,
            "telephone": telephone or "",
            "email": (emails or "").split(";")[0].strip(),
            "adresse": adresse[:255],
        }
        plan = ResponsablePlan(foyer, existant, champs)
        self.responsables[cle] = plan
        self.plan.responsables.append(plan)
        if existant is None:
            apercu.creation(
                f"Responsable légal {prenom} {nom} ajouté au compte famille {foyer.identifiant}"
            )
        return plan

    def _lier(self, responsable: ResponsablePlan, enfant: EnfantPlan) -> None:
        cle = (id(responsable), id(enfant))
        if cle in self.liens:
            return
        if (
            responsable.existant
            and enfant.existant
            and (responsable.existant.pk, enfant.existant.pk) in self.ref.liens
        ):
            return
        self.liens.add(cle)
        responsable.enfants.append(enfant)

    def _second_foyer(
        self, ligne: Ligne, apercu: LigneApercu, premier: FoyerPlan, enfant: EnfantPlan
    ) -> None:
        p = ligne.propre
        identifiant = p["resp2_identifiant"] or f"{p['identifiant']}-2"
        cle = identifiant.lower()
        plan = self.plan.foyers.get(cle)
        if plan is None:
            if cle in self.ref.comptes_pris and cle not in self.ref.foyers:
                ligne.erreur(
                    "resp2_identifiant",
                    f"l'identifiant « {identifiant} » est déjà celui d'un compte qui n'est pas un compte famille.",
                )
                return
            compte = {
                "first_name": p["resp2_prenom"],
                "last_name": p["resp2_nom"],
                "emails": p["resp2_emails"],
            }
            champs = {
                "adresse": p["resp2_adresse"],
                "code_postal": p["resp2_code_postal"],
                "ville": p["resp2_ville"],
                "telephone": p["resp2_telephone"],
            }
            champs = {c: v for c, v in champs.items() if v}
            plan = FoyerPlan(
                cle,
                identifiant,
                self.ref.foyers.get(cle),
                compte,
                champs,
                ligne.numero,
                second=True,
            )
            plan.structures = set(premier.structures)
            self.plan.foyers[cle] = plan
            if plan.existant is None:
                apercu.creation(
                    f"Second compte famille {identifiant} créé pour {p['resp2_prenom']} {p['resp2_nom']}"
                )
        self._garde(plan, enfant, apercu)
        resp = self._responsable(
            plan,
            p["resp2_nom"],
            p["resp2_prenom"],
            p["resp2_lien"],
            p["resp2_telephone"],
            p["resp2_emails"],
            "",
            apercu,
        )
        self._lier(resp, enfant)
