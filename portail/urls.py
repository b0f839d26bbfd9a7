from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from famille.comptes import urls as comptes_urls
from famille.comptes.views.connexion import DeconnexionAdmin
from famille.facturation import urls as facturation_urls
from famille.reservations import urls as reservations_urls

urlpatterns = [
    # Before Wagtail's own: a GET logout must end the session on the server too.
    path("admin/logout/", DeconnexionAdmin.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(comptes_urls)),
    path("", include(reservations_urls)),
    path("", include(facturation_urls)),
]

if settings.DEBUG or getattr(settings, "SERVIR_MEDIA", False):
    # The demo runs without DEBUG (French error pages) and still shows uploaded images.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Wagtail serves every other URL from the page tree: keep it last.
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "portail.views.page_introuvable"
handler500 = "portail.views.erreur_serveur"
