"""Work done outside the page that asked for it, through Django's tasks API (see TASKS)."""

import logging

from django.core.mail import send_mail
from django.tasks import task

logger = logging.getLogger(__name__)


@task
def send_email(subject, body, address):
    try:
        send_mail(subject, body, None, [address])
    except Exception:
        # The change itself is saved; a lost email must not turn it into an error page.
        logger.exception("Could not send %r to %s", subject, address)
        raise
