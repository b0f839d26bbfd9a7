"""Admin review of dossiers and pièces justificatives; campaign progress on the dashboard."""
