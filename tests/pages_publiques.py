"""The public pages every visitor reaches: checked for third-party requests and by axe."""

PAGES_PUBLIQUES = [
    "/",
    "/faq/",
    "/faq/?q=mot+de+passe",
    "/contact/",
    "/rgpd/",
    "/cgu/",
    "/mentions-legales/",
    "/accessibilite/",
    "/connexion/",
    "/mot-de-passe-oublie/",
    "/nexiste-pas/",
]
