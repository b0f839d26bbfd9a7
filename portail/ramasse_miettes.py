"""Python's garbage collector tuned for the web processes (gunicorn's post_fork hook).

A request of the opening morning allocates tens of thousands of objects (model instances,
rows, template nodes, strings); with Python's default thresholds (700, 10, 10) the collector
runs a young-generation pass every 700 net allocations and, every hundred of those, an old one
that walks the whole heap (Django, Wagtail and all that is loaded). Measured with
scripts/charge/profil.py (`--gc` applies this module; the « GC » column is the collector's
CPU): about 1 ms of the median booking step by default, with full passes of 10 to 20 ms now and
then in the tail; 0 with these settings. Django's request objects hold few reference cycles, so collecting
less often loses little memory. `gc.freeze()` moves what the master loaded before the fork
(Django, Wagtail, the URL conf, templates) to a permanent generation the collector no longer
walks (and, as a side effect, it keeps those pages shared with the master).

Limits: memory freed by a collection is freed later; the thresholds are a setting
(GC_SEUILS="50000,20,100"), "" keeps Python's defaults."""

from __future__ import annotations

import gc
import os

SEUILS_PAR_DEFAUT = "50000,20,100"


def regler() -> tuple[int, ...]:
    """Freeze what is loaded, set the thresholds; returns the thresholds in force."""
    texte = os.environ.get("GC_SEUILS", SEUILS_PAR_DEFAUT).strip()
    gc.freeze()
    if texte:
        seuils = tuple(int(v) for v in texte.split(","))
        gc.set_threshold(*seuils)
    return gc.get_threshold()
