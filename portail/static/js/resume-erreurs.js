/* Error summary (RGAA 11.10): after a refused submit the focus goes to the summary at the top
   of the page, so a screen reader announces it and a phone shows it; each link then moves the
   focus to its field and scrolls its label into view (GOV.UK error summary pattern). */
(function () {
  "use strict";
  function init() {
    var resume = document.getElementById("resume-erreurs");
    if (!resume) { return; }
    resume.focus();
    resume.scrollIntoView({ block: "start" });
    resume.addEventListener("click", function (evenement) {
      var lien = evenement.target.closest("a[data-cible]");
      if (!lien) { return; }
      var champ = document.getElementById(lien.getAttribute("data-cible"));
      if (!champ) { return; }
      evenement.preventDefault();
      var etiquette = document.querySelector("label[for='" + champ.id + "']") || champ;
      var legende = champ.closest("fieldset") && champ.type === "radio" ? champ.closest("fieldset").querySelector("legend") : null;
      (legende || etiquette).scrollIntoView({ block: "start" });
      champ.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
