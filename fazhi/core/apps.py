from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础平台"

    def ready(self):
        # django-q workers exit when their cluster dies (no orphans taking jobs beside a new cluster).
        from .worker_guard import connect

        connect()
