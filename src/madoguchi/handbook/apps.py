from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "madoguchi.handbook"
    label = "handbook"
    verbose_name = "おくやみハンドブック"
