from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Engagement Panel"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .middleware import note_sign_in_time

        user_logged_in.connect(note_sign_in_time, dispatch_uid="engagement.note_sign_in_time")
