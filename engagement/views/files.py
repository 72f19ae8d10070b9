"""Permission-checked downloads of uploaded documents; they have no public URL.

Each is sent as an attachment, with the type detected from its content when it was uploaded
and `nosniff`, so a browser never renders an uploaded file as a page.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control

from ..models import Action, ProgressUpdate
from ..permissions import get_plan_for, get_version_for
from ..uploads import ALLOWED


def send_document(stored_file, name, document_type):
    if not stored_file or document_type not in ALLOWED:
        raise Http404("No document")
    try:
        handle = stored_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Document missing from storage") from missing
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=ALLOWED[document_type]
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Drafts and private evidence must not linger in shared caches.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_not_required
def plan_document(request, pk, number):
    version = get_version_for(request.user, get_plan_for(request.user, pk), number)
    return send_document(version.document, version.document_name, version.document_type)


@login_not_required
def evidence_document(request, pk):
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("action"),
        pk=pk,
        action__in=Action.objects.visible_to(request.user),
    )
    return send_document(update.evidence_document, update.evidence_name, update.evidence_type)
