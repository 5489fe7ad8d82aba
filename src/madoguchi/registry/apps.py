from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "madoguchi.registry"
    verbose_name = "住民記録"
