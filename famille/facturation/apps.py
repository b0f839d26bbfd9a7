from django.apps import AppConfig


class FacturationConfig(AppConfig):
    name = "famille.facturation"
    label = "facturation"
    verbose_name = "Facturation"
