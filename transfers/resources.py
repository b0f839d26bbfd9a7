"""django-import-export resources of the simple imports (tariffs, closures, quotients).

Each row is checked and converted first (before_import_row) with the same cell readers as the
school registration file, so that errors are French sentences tied to a column; the resource
then matches existing rows on its import_id_fields and reports new / update / skip."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from import_export import fields, resources, widgets

from famille.comptes.models import Structure
from famille.dossiers.models import Foyer
from famille.facturation.models import QuotientFamilial, Tarif
from famille.reservations.models import Fermeture, Prestation

from .services import valeurs


class Tel(widgets.Widget):
    """The value was already cleaned in before_import_row: pass it through."""

    def clean(self, value, row=None, **kwargs):
        return None if value == "" else value

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ResourcePreparee(resources.ModelResource):
    lecteurs: dict = {}

    def before_import_row(self, row, **kwargs):
        erreurs, propres = {}, {}
        for cle, lecteur in self.lecteurs.items():
            try:
                propres[cle] = lecteur(self, row.get(cle, ""), propres)
            except ValueError as exc:
                erreurs[cle] = [str(exc)]
        if erreurs:
            raise ValidationError(erreurs)
        row.update(propres)


def obligatoire(fonction):
    def lire(resource, valeur, propres):
        resultat = fonction(valeur)
        if resultat in (None, ""):
            raise ValueError("cette valeur est obligatoire.")
        return resultat

    return lire


def facultatif(fonction):
    return lambda resource, valeur, propres: fonction(valeur)


def lire_structure(resource, valeur, propres):
    code = valeurs.texte(valeur)
    if not code:
        return None
    structure = Structure.objects.filter(Q(slug__iexact=code) | Q(nom__iexact=code)).first()
    if structure is None:
        raise ValueError(f"aucune structure « {code} » dans le portail.")
    return structure


def lire_structure_obligatoire(resource, valeur, propres):
    if not valeurs.texte(valeur):
        raise ValueError("cette valeur est obligatoire.")
    return lire_structure(resource, valeur, propres)


def lire_prestation(resource, valeur, propres):
    code = valeurs.texte(valeur)
    if not code:
        raise ValueError("cette valeur est obligatoire.")
    prestations = Prestation.objects.filter(Q(code__iexact=code) | Q(nom__iexact=code))
    if propres.get("structure"):
        prestations = prestations.filter(structure=propres["structure"])
    trouvees = list(prestations[:2])
    if not trouvees:
        raise ValueError(f"aucune prestation « {code} » dans le portail.")
    if len(trouvees) > 1:
        raise ValueError(
            f"plusieurs structures ont une prestation « {code} » : indiquez la structure."
        )
    return trouvees[0]


def lire_foyer(resource, valeur, propres):
    code = valeurs.texte(valeur)
    if not code:
        raise ValueError("cette valeur est obligatoire.")
    foyers = list(Foyer.objects.filter(Q(numero__iexact=code) | Q(numero_allocataire=code))[:2])
    if not foyers:
        raise ValueError(
            f"aucun compte famille n'a le numéro allocataire ou l'identifiant « {code} »."
        )
    if len(foyers) > 1:
        raise ValueError(f"plusieurs comptes famille correspondent à « {code} ».")
    return foyers[0]


def lire_prix(resource, valeur, propres):
    """A price to the cent: a third decimal is refused, never rounded silently."""
    brut = valeurs.texte(valeur).replace("€", "").replace(" ", "").replace("\u202f", "")
    if "," in brut:
        brut = brut.replace(".", "").replace(",", ".")
    _, _, decimales = brut.partition(".")
    if len(decimales.rstrip("0")) > 2:
        raise ValueError(f"« {valeurs.texte(valeur)} » : un prix s'écrit au centime près.")
    return obligatoire(valeurs.montant)(resource, valeur, propres)


def lire_pourcentage(resource, valeur, propres):
    """« 10 », « 10 % » or « 10,5 % »; empty: no reduction."""
    resultat = valeurs.montant(valeurs.texte(valeur).replace("%", ""))
    if resultat is None:
        return Decimal("0")
    if resultat > 100:
        raise ValueError(f"« {valeurs.texte(valeur)} » : un pourcentage ne dépasse pas 100.")
    return resultat


class TarifResource(ResourcePreparee):
    prestation = fields.Field(attribute="prestation", column_name="prestation", widget=Tel())
    qf_min = fields.Field(attribute="qf_min", column_name="qf_min", widget=Tel())
    qf_max = fields.Field(attribute="qf_max", column_name="qf_max", widget=Tel())
    prix = fields.Field(attribute="prix", column_name="prix", widget=Tel())
    hors_commune = fields.Field(attribute="hors_commune", column_name="hors_commune", widget=Tel())
    debut = fields.Field(attribute="debut", column_name="debut", widget=Tel())
    fin = fields.Field(attribute="fin", column_name="fin", widget=Tel())
    reduction_fratrie = fields.Field(
        attribute="reduction_fratrie", column_name="reduction_fratrie", widget=Tel()
    )

    lecteurs = {  # « structure » only helps to find the prestation
        "structure": lire_structure,
        "prestation": lire_prestation,
        "qf_min": obligatoire(valeurs.montant),
        "qf_max": facultatif(valeurs.montant),
        "prix": lire_prix,
        "hors_commune": facultatif(valeurs.booleen),
        "debut": obligatoire(valeurs.date),
        "fin": facultatif(valeurs.date),
        "reduction_fratrie": lire_pourcentage,
    }

    class Meta:
        model = Tarif
        fields = (
            "prestation",
            "qf_min",
            "qf_max",
            "prix",
            "hors_commune",
            "debut",
            "fin",
            "reduction_fratrie",
        )
        import_id_fields = ("prestation", "debut", "qf_min", "hors_commune")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class FermetureResource(ResourcePreparee):
    structure = fields.Field(attribute="structure", column_name="structure", widget=Tel())
    debut = fields.Field(attribute="debut", column_name="debut", widget=Tel())
    fin = fields.Field(attribute="fin", column_name="fin", widget=Tel())
    motif = fields.Field(attribute="motif", column_name="motif", widget=Tel())

    lecteurs = {
        "structure": lire_structure_obligatoire,
        "debut": obligatoire(valeurs.date),
        "fin": obligatoire(valeurs.date),
        "motif": obligatoire(valeurs.texte),
    }

    class Meta:
        model = Fermeture
        fields = ("structure", "debut", "fin", "motif")
        import_id_fields = ("structure", "debut", "fin")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if row["fin"] < row["debut"]:
            raise ValidationError({"fin": ["la fin de la fermeture est avant son début."]})


class QuotientResource(ResourcePreparee):
    foyer = fields.Field(attribute="foyer", column_name="foyer", widget=Tel())
    valeur = fields.Field(attribute="valeur", column_name="valeur", widget=Tel())
    debut = fields.Field(attribute="debut", column_name="debut", widget=Tel())
    source = fields.Field(attribute="source", column_name="source", widget=Tel())

    lecteurs = {
        "foyer": lire_foyer,
        "valeur": obligatoire(valeurs.montant),
        "debut": obligatoire(valeurs.date),
        "source": lambda resource, valeur, propres: valeurs.texte(valeur)[:30] or "CAF",
    }

    class Meta:
        model = QuotientFamilial
        fields = ("foyer", "valeur", "debut", "source")
        import_id_fields = ("foyer", "debut")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
