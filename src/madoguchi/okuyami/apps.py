from django.apps import AppConfig


class OkuyamiConfig(AppConfig):
    name = "madoguchi.okuyami"
    label = "okuyami"
    verbose_name = "おくやみコーナー"
