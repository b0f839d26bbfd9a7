"""The opening morning, as parents behave, played by Locust (run as a library, headless, one
Locust user per family, against 127.0.0.1 only). Started by banc.py in its own process (Locust
patches the standard library with gevent; the Django side of the benchmark never runs here).

Timeline (`minute` real seconds stand for one minute: 60 for real time, less to compress):

- « normale »: 80 % of the families log in during the ten minutes before the opening and wait
  on the countdown (they reload it every half minute); at the opening (within ten seconds) each
  opens the period, asks its whole period by « semaine type » (every service, every day, all its
  children), reads the summary and confirms; one family in ten then cancels one day; 20 % are
  late: they log in during the five minutes after the opening and do the same.
- « pire »: every family logs in during the opening minute, then books at once.

A failed request (5xx, timeout, connection error) is retried by the family, as a parent would,
up to three times; every request is recorded. Bounded: N users, one journey each, a deadline.

Writes into --sortie: requetes.csv (one line per request; its `salle_attente` column is 1 when
the answer was the waiting room's page), familles.csv (per family: login,
confirmation sent and answered, outcome) and generateur.json (this process's CPU time)."""

from __future__ import annotations

import argparse
import csv
import html
import json
import random
import re
import resource
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import gevent
from locust import FastHttpUser, events, task
from locust.env import Environment
from locust.exception import StopUser

ESSAIS = 3
# A family waits at most this many refreshes of the waiting room (about an hour at 10 s).
ATTENTES_MAX = 400
RAFRAICHIR = re.compile(r'http-equiv="refresh" content="(\d+)"')
BALISE = re.compile(r"<input\b[^>]*>", re.S)
CONFIRMEE = re.compile(r"\d+ jours? (?:réservés?|en liste d)")
ATTRIBUT = re.compile(r'(\w[\w-]*)(?:="([^"]*)")?')


def champs(page: str, nom: str) -> list[tuple[str, bool]]:
    """The (value, checked) of the inputs named `nom` in a page."""
    trouves = []
    for balise in BALISE.findall(page):
        attributs = {k: v for k, v in ATTRIBUT.findall(balise[6:-1])}
        if attributs.get("name") == nom:
            trouves.append((html.unescape(attributs.get("value", "")), "checked" in attributs))
    return trouves


def valeur(page: str, nom: str) -> str:
    trouves = champs(page, nom)
    return trouves[0][0] if trouves else ""


class Journal:
    """Every request and every family's journey, written at the end."""

    def __init__(self, t0: float):
        self.t0 = t0
        self.requetes: list[tuple] = []
        self.familles: dict[str, dict] = {}

    def requete(self, request_type, name, response_time, response_length, response, exception, **_):
        statut = getattr(response, "status_code", 0) or 0
        if exception is not None and not statut:
            erreur = type(exception).__name__
        else:
            erreur = ""
        # 1 when the answer was the waiting room's page (its header), whatever the page asked.
        attente = int(bool((getattr(response, "headers", None) or {}).get("X-Salle-Attente")))
        self.requetes.append(
            (
                round(time.time() - self.t0, 3),
                name,
                statut,
                round(response_time or 0, 1),
                erreur,
                attente,
            )
        )


class Famille(FastHttpUser):
    """One family's morning. Attributes set by lancer(): file, plan, journal, donnees."""

    network_timeout = 30.0
    connection_timeout = 10.0
    # The scenario decides every wait itself.
    wait_time = staticmethod(lambda: 0)

    def attendre_jusqua(self, instant: float) -> None:
        reste = instant - time.time()
        if reste > 0:
            gevent.sleep(reste)

    def envoyer(self, methode: str, url: str, nom: str, **kwargs):
        """One request, as a browser does it: the waiting room's page (portail/salle_attente.py)
        is refreshed after the delay of its <meta http-equiv="refresh"> until the family is let
        in (those refreshes are recorded as « salle d'attente »)."""
        # The page asked, for the server's CPU per page (scripts/charge/reglages_charge.py).
        kwargs["headers"] = {**kwargs.get("headers", {}), "X-Charge-Page": quote(nom)}
        reponse = self.envoyer_une_fois(methode, url, nom, **kwargs)
        for _ in range(ATTENTES_MAX):
            if not (reponse.headers or {}).get("X-Salle-Attente"):
                break
            delai = RAFRAICHIR.search(reponse.text or "")
            gevent.sleep(float(delai.group(1)) if delai else 5.0)
            reponse = self.envoyer_une_fois(methode, url, "salle d'attente", **kwargs)
        return reponse

    def envoyer_une_fois(self, methode: str, url: str, nom: str, **kwargs):
        """One request, retried like an impatient parent on a failure (5xx or no answer)."""
        reponse = None
        for essai in range(ESSAIS):
            reponse = self.client.request(
                methode, url, name=nom, allow_redirects=False, catch_response=False, **kwargs
            )
            statut = reponse.status_code or 0
            if 0 < statut < 500:
                return reponse
            gevent.sleep(1 + essai + random.random())
        return reponse

    def formulaire(self, url: str, nom: str, donnees: dict | list, referer: str):
        return self.envoyer(
            "POST",
            url,
            nom,
            data=urlencode(donnees),
            headers={
                "Referer": f"{self.host}{referer}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )

    @task
    def matinee(self) -> None:
        d = self.donnees
        identifiant, categorie, arrivee, annule = self.file.pop()
        fiche = self.journal.familles[identifiant] = {
            "categorie": categorie,
            "arrivee": arrivee,
            "annule": annule,
            "connexion": None,
            "envoi": None,
            "reponse": None,
            "resultat": "",
        }
        t0 = self.journal.t0
        self.attendre_jusqua(t0 + arrivee)
        # Login.
        page = self.envoyer("GET", "/connexion/", "connexion (page)")
        jeton = valeur(page.text or "", "csrfmiddlewaretoken")
        reponse = self.formulaire(
            "/connexion/",
            "connexion (envoi)",
            {
                "csrfmiddlewaretoken": jeton,
                "username": identifiant,
                "password": d["mot_de_passe"],
            },
            "/connexion/",
        )
        if reponse.status_code != 302:
            fiche["resultat"] = f"connexion refusée ({reponse.status_code})"
            raise StopUser()
        fiche["connexion"] = round(time.time() - t0, 3)
        self.envoyer("GET", reponse.headers.get("Location") or "/", "accueil")
        # The countdown, reloaded every half minute until the opening.
        minute = self.minute
        self.envoyer("GET", d["url_reservations"], "réservations (compte à rebours)")
        while time.time() < t0 - minute / 2:
            gevent.sleep(minute / 2 * (0.8 + 0.4 * random.random()))
            if time.time() < t0:
                self.envoyer("GET", d["url_reservations"], "réservations (compte à rebours)")
        # The opening: each parent clicks within ten seconds (late ones at once).
        self.attendre_jusqua(t0 + 0.05 + random.random() * minute / 6)
        self.reserver(fiche)
        if annule and fiche["resultat"] == "confirmée":
            self.annuler_un_jour(fiche)
        raise StopUser()

    def reserver(self, fiche: dict) -> None:
        d = self.donnees
        page = self.envoyer("GET", d["url_periode"], "période (calendrier)")
        texte = page.text or ""
        enfants = [v for v, _ in champs(texte, "enfants")]
        semaine = [v for v, _ in champs(texte, "semaine")]
        if not enfants or not semaine:
            fiche["resultat"] = "formulaire semaine type absent"
            return
        recap = self.formulaire(
            d["url_semaine_type"],
            "semaine type (récapitulatif)",
            [("csrfmiddlewaretoken", valeur(texte, "csrfmiddlewaretoken"))]
            + [("enfants", e) for e in enfants]
            + [("semaine", s) for s in semaine]
            + [("rythme", "toutes")],
            d["url_periode"],
        )
        self.confirmer(fiche, recap, "confirmer")

    def confirmer(self, fiche: dict, recap, nom: str) -> None:
        d = self.donnees
        texte = recap.text or ""
        charge = valeur(texte, "charge")
        if recap.status_code != 200 or not charge:
            fiche["resultat"] = f"récapitulatif sans confirmation ({recap.status_code})"
            return
        url = d["url_periode"] + "confirmer/"
        envoi = time.time() - self.journal.t0
        reponse = self.formulaire(
            url,
            nom,
            {"csrfmiddlewaretoken": valeur(texte, "csrfmiddlewaretoken"), "charge": charge},
            d["url_periode"],
        )
        if nom == "confirmer":
            fiche["envoi"] = round(envoi, 3)
            fiche["reponse"] = round(time.time() - self.journal.t0, 3)
        if reponse.status_code != 302:
            fiche["resultat"] = f"confirmation sans réponse ({reponse.status_code})"
            return
        suite = self.envoyer("GET", reponse.headers.get("Location"), "période (après " + nom + ")")
        texte = suite.text or ""
        if nom == "confirmer":
            # The message of views/confirmation.message_bilan (« 12 jours réservés, … »).
            ok = bool(CONFIRMEE.search(texte))
            fiche["resultat"] = "confirmée" if ok else "confirmation sans message"
        else:
            fiche["annulation"] = "annulé" in texte

    def annuler_un_jour(self, fiche: dict) -> None:
        d = self.donnees
        page = self.envoyer("GET", d["url_periode"], "période (calendrier)")
        texte = page.text or ""
        cases = champs(texte, "cases")
        tenues = [v for v, coche in cases if coche]
        if not tenues:
            return
        retiree = random.choice(tenues)
        recap = self.formulaire(
            d["url_periode"],
            "annulation (récapitulatif)",
            [("csrfmiddlewaretoken", valeur(texte, "csrfmiddlewaretoken"))]
            + [("cases", v) for v in tenues if v != retiree],
            d["url_periode"],
        )
        self.confirmer(fiche, recap, "annuler")


def plan(identifiants: list[str], variante: str, minute: float, graine: int) -> list[tuple]:
    """(identifiant, category, arrival in seconds from the opening, cancels a day?)."""
    hasard = random.Random(graine)
    lignes = []
    for identifiant in identifiants:
        tirage = hasard.random()
        if variante == "pire":
            categorie, arrivee = "pire", hasard.uniform(0, minute)
        elif tirage < 0.8:
            categorie, arrivee = "avant", -hasard.uniform(0.3 * minute, 10 * minute)
        else:
            categorie, arrivee = "tardive", hasard.uniform(0.2 * minute, 5 * minute)
        lignes.append((identifiant, categorie, round(arrivee, 3), hasard.random() < 0.1))
    return lignes


def lancer(
    hote: str, donnees: dict, variante: str, minute: float, sortie: Path, graine: int, t0: float
):
    journal = Journal(t0)
    file = plan(donnees["identifiants"], variante, minute, graine)
    # The late ones are popped last, the early ones first: spawning order does not matter
    # (each waits until its own arrival time), but keeps the spawn cheap at the start.
    file.sort(key=lambda ligne: -ligne[2])
    Famille.host = hote
    Famille.file = file
    Famille.journal = journal
    Famille.donnees = donnees
    Famille.minute = minute
    env = Environment(user_classes=[Famille], events=events)
    env.events.request.add_listener(journal.requete)
    runner = env.create_local_runner()
    familles = len(file)
    debut = time.time()
    runner.start(familles, spawn_rate=max(familles, 1) * 4)
    limite = t0 + 10 * minute + 600
    while time.time() < limite:
        gevent.sleep(0.5)
        if len(journal.familles) >= familles and runner.user_count == 0:
            break
    runner.quit()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sortie.mkdir(parents=True, exist_ok=True)
    with open(sortie / "requetes.csv", "w", newline="", encoding="utf-8") as f:
        ecrivain = csv.writer(f)
        ecrivain.writerow(
            ["t_depuis_ouverture_s", "page", "statut", "duree_ms", "erreur", "salle_attente"]
        )
        ecrivain.writerows(journal.requetes)
    with open(sortie / "familles.csv", "w", newline="", encoding="utf-8") as f:
        ecrivain = csv.writer(f)
        ecrivain.writerow(
            [
                "identifiant",
                "categorie",
                "arrivee_s",
                "annule_un_jour",
                "connexion_s",
                "envoi_s",
                "reponse_s",
                "resultat",
            ]
        )
        for identifiant, fiche in sorted(journal.familles.items()):
            ecrivain.writerow(
                [
                    identifiant,
                    fiche["categorie"],
                    fiche["arrivee"],
                    int(fiche["annule"]),
                    fiche["connexion"],
                    fiche["envoi"],
                    fiche["reponse"],
                    fiche["resultat"],
                ]
            )
    (sortie / "generateur.json").write_text(
        json.dumps(
            {
                "ouverture_epoch": t0,
                "debut_epoch": debut,
                "fin_epoch": time.time(),
                "cpu_s": usage.ru_utime + usage.ru_stime,
                "familles_sans_fin": familles - len(journal.familles),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hote", required=True)
    parser.add_argument("--donnees", required=True, type=Path)
    parser.add_argument("--variante", choices=["normale", "pire"], default="normale")
    parser.add_argument("--minute", type=float, default=60.0)
    parser.add_argument("--sortie", required=True, type=Path)
    parser.add_argument("--graine", type=int, default=15)
    parser.add_argument("--ouverture", type=float, required=True, help="instant (epoch, s)")
    args = parser.parse_args()
    if not args.hote.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("Le banc de charge ne vise que 127.0.0.1.")
    donnees = json.loads(args.donnees.read_text())
    lancer(args.hote, donnees, args.variante, args.minute, args.sortie, args.graine, args.ouverture)


if __name__ == "__main__":
    main()
