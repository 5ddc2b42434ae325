from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础平台"

    def ready(self):
        # django-q workers exit when their cluster dies (no orphans taking jobs beside a new cluster).
        from .worker_guard import connect

        connect()
        # What this worker keeps per scope and per set of roles (filter choices, filter bars, navigation) is
        # emptied when agencies or role assignments change here; other workers' copies expire (core.localcache).
        from django.db.models.signals import post_delete, post_save

        from .localcache import clear_all
        from .models import Agency, RoleAssignment

        for model in (Agency, RoleAssignment):
            post_save.connect(clear_all, sender=model, dispatch_uid=f"fz-local-caches-save-{model.__name__}")
            post_delete.connect(clear_all, sender=model, dispatch_uid=f"fz-local-caches-delete-{model.__name__}")
