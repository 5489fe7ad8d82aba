from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "madoguchi.insights"
    verbose_name = "効果測定"
