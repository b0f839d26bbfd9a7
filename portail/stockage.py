from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class StockagePrive(FileSystemStorage):
    """Private files (pièces justificatives, health documents) have no public URL: they are
    served only through permission-checked views. Asking for one is a programming error."""

    def url(self, name: str | None) -> str:
        raise NotImplementedError(
            "Les fichiers privés n'ont pas d'URL publique : passez par une vue contrôlée."
        )
