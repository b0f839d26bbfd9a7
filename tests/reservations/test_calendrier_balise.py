"""The calendar's cells as the tag writes them (templatetags/calendrier_tags.py): what comes
from the database (a service's name, a closure's reason, a first name) reaches the parent as
text, never as markup; a held day is ticked; a cell that may not change has no box."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from famille.reservations.presentation import EnfantVue, JourVue, SemaineVue, case_vue
from famille.reservations.services.regles import Case, Etat
from famille.reservations.templatetags.calendrier_tags import semaines_de_l_enfant

JOUR = datetime.date(2027, 9, 6)


def rendu(*cases, ouverte=True, prenom="Léa"):
    enfant = SimpleNamespace(pk=7, prenom=prenom)
    prestation = SimpleNamespace(pk=3, nom="Accueil <du> soir & « nuit » l'été")
    vues = [case_vue(enfant.pk, prestation, JOUR, c) for c in cases]
    semaine = SemaineVue(lundi=JOUR, numero=36, du="6 septembre", ouverte=True)
    semaine.jours.append(JourVue(jour=JOUR, libelle="lundi 6 septembre 2027", cases=vues))
    return semaines_de_l_enfant(EnfantVue(enfant=enfant, semaines=[semaine]), ouverte)


def test_les_textes_sont_echappes_et_la_case_tenue_cochee():
    html = rendu(Case(Etat.RESERVEE, modifiable=True), prenom="Hugo<&>")
    assert '<details class="semaine" open><summary>Semaine du 6 septembre' in html
    assert "(semaine 36, paire)" in html
    assert 'Lundi 6 septembre 2027<span class="visually-hidden"> — Hugo&lt;&amp;&gt;</span>' in html
    assert (
        '<input class="form-check-input" type="checkbox" name="cases" value="7.3.2027-09-06"'
        ' id="c-7-3-2027-09-06" checked aria-describedby="c-7-3-2027-09-06-etat">'
    ) in html
    assert "Accueil &lt;du&gt; soir &amp; « nuit » l&#x27;été</label>" in html
    assert '<span class="symbole" aria-hidden="true">✓</span> Réservé</span>' in html


def test_un_jour_ferme_dit_pourquoi_sans_case_a_cocher():
    html = rendu(Case(Etat.FERMEE, 'grève <b>"x"</b>'))
    assert 'name="cases"' not in html
    assert '<span class="nom-prestation">Accueil &lt;du&gt;' in html
    assert "Fermé : grève &lt;b&gt;&quot;x&quot;&lt;/b&gt;</span>" in html


def test_avant_l_ouverture_rien_n_est_a_cocher():
    html = rendu(Case(Etat.RESERVABLE, modifiable=True), ouverte=False)
    assert 'name="cases"' not in html and "Libre" in html
