"""A file object shaped like Django's UploadedFile, for scripts and the demo that import a file
without an HTTP request."""

from __future__ import annotations

import io


class FichierEnvoye(io.BytesIO):
    def __init__(self, name: str, contenu: bytes):
        super().__init__(contenu)
        self.name = name
        self.size = len(contenu)
