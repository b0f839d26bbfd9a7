"""The plan of a school registration import, built from the valid rows: which families,
children, guardianships and legal guardians it creates, updates or leaves as is. Nothing here
writes to the database: the preview and the real import share this plan; inscription_ecriture
writes it."""

from __future__ import annotations

from dataclasses import dataclass, field

from famille.comptes.models import Compte
from famille.dossiers.models import Enfant, Foyer, ResponsableLegal

from ..champs import normaliser
from . import valeurs
from .apercu import LigneApercu
from .inscription_corrections import decrire, differences, retrouver
from .inscription_lignes import Ligne
from .inscription_referentiel import Referentiel, cle_enfant, cle_personne

CHAMPS_FOYER = ("adresse", "complement_adresse", "code_postal", "ville", "telephone")


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


CHAMPS_ENFANT_MODIFIABLES = ("nom", "prenom", "sexe", "ecole", "classe")


@dataclass
class ResponsablePlan:
    foyer: FoyerPlan
    existant: ResponsableLegal | None
    champs: dict
    enfants: list[EnfantPlan] = field(default_factory=list)
    instance: ResponsableLegal | None = None
    changements: dict = field(default_factory=dict)  # a corrected spelling of the name


@dataclass
class Plan:
    lignes: list[LigneApercu] = field(default_factory=list)
    foyers: dict[str, FoyerPlan] = field(default_factory=dict)
    enfants: list[EnfantPlan] = field(default_factory=list)
    gardes: list[tuple[FoyerPlan, EnfantPlan]] = field(default_factory=list)
    responsables: list[ResponsablePlan] = field(default_factory=list)
    inconnus: dict = field(default_factory=dict)  # unknown schools and classes (JSON)

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
            "responsables légaux modifiés": sum(1 for r in self.responsables if r.changements),
            "rattachements": len(self.gardes),
        }


class Constructeur:
    def __init__(self, plan: Plan, ref: Referentiel):
        self.plan, self.ref = plan, ref
        self.familles: dict[str, tuple[int, dict]] = {}  # key → (first row, family values)
        self.vus: dict[tuple, int] = {}
        self.enfants: dict[tuple, EnfantPlan] = {}
        self.responsables: dict[tuple, ResponsablePlan] = {}
        self.gardes: set[tuple[int, int]] = set()
        self.liens: set[tuple[int, int]] = set()
        self.enfants_pris: set[int] = set()  # existing records already matched by a row
        self.responsables_pris: set[int] = set()

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
            textes = [
                decrire(Foyer, foyer, plan.changements),
                decrire(Compte, compte, plan.compte_changements),
            ]
            apercu.modification(
                f"Compte famille {plan.identifiant} modifié : " + ", ".join(t for t in textes if t)
            )

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
        existant = None
        if foyer.existant:
            existant = retrouver(
                cle_e,
                self.ref.enfants.get(foyer.existant.pk, {}),
                self.enfants_pris,
                lambda autre: autre[2] == cle_e[2],  # same birth date
            )
        plan = EnfantPlan(existant, champs)
        nom = f"{p['enfant_prenom']} {p['enfant_nom']}"
        if existant is None:
            apercu.creation(f"Enfant {nom} créé")
        else:
            self.enfants_pris.add(existant.pk)
            plan.changements = differences(existant, champs, CHAMPS_ENFANT_MODIFIABLES)
            if plan.changements:
                apercu.modification(
                    f"Enfant {nom} modifié : {decrire(Enfant, existant, plan.changements)}"
                )
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
            existant = retrouver(
                cle_personne(nom, prenom),
                self.ref.responsables.get(foyer.existant.pk, {}),
                self.responsables_pris,
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
        else:
            self.responsables_pris.add(existant.pk)
            plan.changements = differences(existant, champs, ("nom", "prenom"))
            if plan.changements:
                apercu.modification(
                    f"Responsable légal {prenom} {nom} du compte famille {foyer.identifiant} "
                    f"modifié : {decrire(ResponsableLegal, existant, plan.changements)}"
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
            else:
                self._changements_foyer(plan, apercu)
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
