/* Réservations tab: the opening countdown, and the focus after htmx swaps a page in (a screen
   reader must hear where it landed). No inline script: the CSP forbids them. The page works
   without this file; it only refreshes the server-rendered text. */
(function () {
  "use strict";

  function unite(n, singulier, pluriel) {
    return n + " " + (n > 1 ? pluriel : singulier);
  }

  function texteRestant(ms) {
    var s = Math.floor(ms / 1000);
    var j = Math.floor(s / 86400);
    var h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60);
    var sec = s % 60;
    var morceaux = [];
    if (j) morceaux.push(unite(j, "jour", "jours"));
    if (j || h) morceaux.push(unite(h, "heure", "heures"));
    if (!j) morceaux.push(unite(m, "minute", "minutes"));
    if (!j && !h) morceaux.push(unite(sec, "seconde", "secondes"));
    return "Ouverture dans " + morceaux.join(" ") + ".";
  }

  function comptesARebours() {
    var elements = document.querySelectorAll("[data-compte-a-rebours]");
    elements.forEach(function (el) {
      if (el.dataset.actif) return;
      el.dataset.actif = "1";
      var cible = Date.parse(el.getAttribute("data-compte-a-rebours"));
      if (isNaN(cible)) return;
      var minuterie = window.setInterval(function () {
        if (!document.body.contains(el)) {
          window.clearInterval(minuterie);
          return;
        }
        var reste = cible - Date.now();
        if (reste <= 0) {
          window.clearInterval(minuterie);
          el.textContent = "Les réservations sont ouvertes. ";
          var lien = document.createElement("a");
          lien.href = window.location.pathname;
          lien.textContent = "Actualiser la page pour réserver";
          el.appendChild(lien);
          return;
        }
        el.textContent = texteRestant(reste);
      }, 1000);
    });
  }

  function focaliser() {
    var cible = document.querySelector("[data-focus]") || document.querySelector("#contenu h1");
    if (cible) {
      if (!cible.hasAttribute("tabindex")) cible.setAttribute("tabindex", "-1");
      cible.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", comptesARebours);
  document.body.addEventListener("htmx:afterSettle", function () {
    comptesARebours();
    focaliser();
  });
})();
