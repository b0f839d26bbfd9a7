/* Small helps on the portal's forms (progressive enhancement: without JS the forms work):
   - « Afficher le mot de passe » beside each password field, a real button whose state is
     announced (aria-pressed);
   - « Enregistrement… » on the submit button of a form being sent (a password save takes
     several seconds under load): the button says so, and a second click sends nothing more.
     The button is not disabled, so its name and value still go with the form. */
(function () {
  "use strict";

  function ajouterBascule(champ) {
    var bouton = document.createElement("button");
    bouton.type = "button";
    bouton.className = "btn btn-link btn-sm px-0 bascule-mot-de-passe";
    bouton.setAttribute("aria-controls", champ.id);
    bouton.setAttribute("aria-pressed", "false");
    bouton.textContent = "Afficher le mot de passe";
    bouton.addEventListener("click", function () {
      var visible = champ.type === "password";
      champ.type = visible ? "text" : "password";
      bouton.setAttribute("aria-pressed", visible ? "true" : "false");
      bouton.textContent = visible ? "Masquer le mot de passe" : "Afficher le mot de passe";
    });
    champ.insertAdjacentElement("afterend", bouton);
  }

  function patienter(formulaire) {
    formulaire.addEventListener("submit", function (evenement) {
      if (formulaire.getAttribute("aria-busy") === "true") {
        evenement.preventDefault();
        return;
      }
      formulaire.setAttribute("aria-busy", "true");
      // Passwords are sent hidden, whatever the toggle said.
      formulaire.querySelectorAll("input[data-mot-de-passe]").forEach(function (champ) {
        champ.type = "password";
      });
      var bouton = evenement.submitter || formulaire.querySelector("button[type=submit]");
      if (bouton && !bouton.classList.contains("btn-deconnexion")) {
        bouton.dataset.texte = bouton.textContent;
        bouton.textContent = "Enregistrement…";
        bouton.setAttribute("aria-disabled", "true");
      }
    });
  }

  function init() {
    document.querySelectorAll("input[type=password]").forEach(function (champ) {
      if (!champ.id) { return; }
      champ.setAttribute("data-mot-de-passe", "");
      ajouterBascule(champ);
    });
    document.querySelectorAll("main form[method=post], main form[method=POST]").forEach(patienter);
  }

  // A page shown again from the back-forward cache must not stay « Enregistrement… ».
  window.addEventListener("pageshow", function (evenement) {
    if (!evenement.persisted) { return; }
    document.querySelectorAll("form[aria-busy=true]").forEach(function (formulaire) {
      formulaire.removeAttribute("aria-busy");
      formulaire.querySelectorAll("button[data-texte]").forEach(function (bouton) {
        bouton.textContent = bouton.dataset.texte;
        bouton.removeAttribute("aria-disabled");
      });
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
