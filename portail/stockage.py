"""Private files (pièces justificatives, health documents, import files): no public URL, and
readable by the portal's own system user only on disk."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage

# rw------- files in rwx------ folders: another account of the server (a web server user, a
# backup agent that should only see the database) cannot read a family's documents.
MODE_FICHIERS = 0o600
MODE_DOSSIERS = 0o700


class StockagePrive(FileSystemStorage):
    """Private files are served only through permission-checked views. Asking for a URL is a
    programming error."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("file_permissions_mode", MODE_FICHIERS)
        kwargs.setdefault("directory_permissions_mode", MODE_DOSSIERS)
        super().__init__(*args, **kwargs)

    def url(self, name: str | None) -> str:
        raise NotImplementedError(
            "Les fichiers privés n'ont pas d'URL publique : passez par une vue contrôlée."
        )
