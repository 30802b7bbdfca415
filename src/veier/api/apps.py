from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "veier.api"
    verbose_name = "API"
