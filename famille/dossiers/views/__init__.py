"""Views of the Dossier Famille tab, one module per section (see pages.DossierFamillePage)."""
