from __future__ import annotations

from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """At most 128 characters (OWASP ASVS 2.1.2): long passphrases welcome, abuse not."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"Le mot de passe est trop long : {self.max_length} caractères au maximum.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Votre mot de passe ne doit pas dépasser {self.max_length} caractères."
