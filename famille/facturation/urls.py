"""Payment URLs outside the page tree: the bank's notification and return (always) and the stand-in bank
(routed only when settings.BANQUE_FICTIVE; its view checks again)."""

from django.conf import settings
from django.urls import path

from .views import banque

urlpatterns = [
    path(
        "banque/notification/<int:transaction_id>/",
        banque.notification,
        name="paiement_notification",
    ),
    path("banque/retour/<int:transaction_id>/", banque.retour, name="paiement_retour"),
]

if settings.BANQUE_FICTIVE:
    urlpatterns.append(
        path("banque-fictive/<str:idop>/", banque.banque_fictive, name="banque_fictive")
    )
