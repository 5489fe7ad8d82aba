from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "madoguchi.ops"
    verbose_name = "運用コマンド"
