from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "madoguchi.accounts"
    verbose_name = "職員・所属"

    def ready(self) -> None:
        from madoguchi.accounts.roles import sync_roles_after_migrate

        # Roles are groups with fixed permissions; keep them in step with the code after every migrate.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="madoguchi.accounts.sync_roles")
