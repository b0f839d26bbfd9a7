"""Business rules of bookings, one module per capability. Views, the admin, imports and jobs
call these; none of them decides a rule itself.

Interface (final signatures):

- delais: `Regle(mode, nombre, heure, jour_semaine)`, `regle_de(prestation, "reservation" |
  "annulation") -> Regle`, `limite(regle, jour) -> aware datetime` (Europe/Paris),
  `dans_les_delais(regle, jour, maintenant) -> bool`; str(regle) reads « la veille avant 9 h ».
- calendrier: `calendrier(periode, prestation) -> {date: motif}` ("" = open, else the French
  reason: « Jour férié (Toussaint) », « Vacances de la Toussaint », « Fermé : grève »,
  « Hors vacances scolaires » for the holiday centre), `jours_ouverts(periode, prestation)`,
  `jours_de(prestation, debut, fin, zone, fermetures)`; past the library's school holidays
  (`fin_des_vacances_connues()`) nothing is guessed, `avertissement_vacances(fin)` words the
  staff warning.
- regles: `Etat` (TextChoices: RESERVEE, RESERVABLE, FERMEE, DELAI_DEPASSE, COMPLETE, ATTENTE,
  PROPOSEE, AUTRE_PARENT, NON_ADMIS, NON_OUVERTE, NON_ELIGIBLE, INCOMPATIBLE), `Case(etat,
  motif, rang, modifiable, reservation_id, expire_le, hors_delai)`, `Demande(enfant_id,
  prestation_id, jour)` (frozen, sortable), `motif_admission(prestation, enfant, jour)`,
  `incompatibles(type_a, type_b)` (Wednesday full day vs half-day), `places_libres(plafonnees,
  debut, fin)` (a day without its capacity row: the prestation's capacity less what is held).
- grille: `construire_grille(compte, periode, *, enfants=None, maintenant=None) -> Grille`;
  `Grille(periode, ouverte, ouverture, jours, prestations, lignes, contexte)` (contexte: the
  regles.Contexte it was decided from),
  `LigneEnfant(enfant, cases: {(date, prestation_id): Case})` — a day a prestation does not
  run has no case. Fixed number of queries, writes nothing.
- semaine_type: `deplier(periode, enfants_ids, semaine: {prestation_id: {isoweekday}},
  rythme="toutes"|"paires"|"impaires"|"une_sur_deux", depuis=None) -> list[Demande]`;
  `RYTHMES` (value -> French label).
- operations: `simuler(acteur, foyer, ajouts, annulations, *, guichet=False, maintenant=None,
  deja=None) -> Bilan` (no write; `deja`: a Grille's contexte, reused when it holds every day
  asked), `appliquer(acteur, foyer, ajouts, annulations, *, guichet=False, motif="",
  maintenant=None, enfants=None) -> Bilan` (`enfants`: id -> the foyer's children, just read); `Bilan(ajoutees, annulees, en_attente,
  refusees: [(Demande, motif)], inchangees, hors_delai, propositions: [reservation ids], lot)`;
  `MAX_DEMANDES`. Bad input raises `ReservationError(message)` (French), nothing saved.
  `guichet=True` needs a `motif` (logged in JournalReservation with the agent).
- attente: `accepter_proposition(acteur, reservation_id) -> Reservation`,
  `expirer_propositions(maintenant=None) -> int` (the job), `changer_capacite(acteur,
  prestation, jour, capacite)` (new places offered at once), `delai_proposition()`
  (settings.RESERVATIONS_DELAI_PROPOSITION hours, 24 by default).
- erreurs: `ReservationError(message)`.

Eligibility (dossier of the school year + custody) is one function of the dossiers app:
famille.dossiers.services.eligibilite.peut_reserver(compte, enfant, jour) -> Verdict(ok,
raisons, cause) and its batch form verdicts(compte, enfants, jours).
"""

from .erreurs import ReservationError
from .regles import Case, Demande, Etat

__all__ = ["Case", "Demande", "Etat", "ReservationError"]
