"""French on every admin « Inspecter » page: yes/no fields read « Oui » / « Non » (Wagtail's
default shows an icon titled « True » / « False », read aloud in English)."""

from __future__ import annotations

from django.db import models
from wagtail.admin.ui.fields import register_display_class

from famille.comptes.admin_ui import OuiNonDisplay

register_display_class(models.BooleanField, display_class=OuiNonDisplay)
