"""Operations: the health check load balancers poll, and the benchmark's baseline view."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """200 "ok" while this server can reach its database, 503 when it cannot.

    One cheap query and no session, so polling it every few seconds costs next to nothing.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def bench_trivial(request):
    """The fastest page Django can serve through our middleware: the benchmark's yardstick.

    Only there when the BENCH setting is on, so production has no page that does nothing.
    """
    if not settings.BENCH:
        raise Http404
    return HttpResponse("ok", content_type="text/plain")
