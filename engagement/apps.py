from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Engagement Panel"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .middleware import note_sign_in_time
        from .page_cache import pause_for_migrate, resume_after_migrate, watch_writes

        user_logged_in.connect(note_sign_in_time, dispatch_uid="engagement.note_sign_in_time")
        connection_created.connect(watch_writes, dispatch_uid="engagement.watch_writes")
        for connection in connections.all(initialized_only=True):
            watch_writes(sender=None, connection=connection)
        pre_migrate.connect(pause_for_migrate, dispatch_uid="engagement.pause_for_migrate")
        post_migrate.connect(resume_after_migrate, dispatch_uid="engagement.resume_after_migrate")
