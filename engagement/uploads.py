"""Checks on uploaded documents: the type is decided by the bytes, never by the name.

Plans and evidence may be PDF, Word (DOCX) or OpenDocument text (ODT). Anything else, in
particular HTML, SVG or a renamed executable, is refused.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
REFUSED_MESSAGE = "The file must be a PDF, Word (.docx) or OpenDocument (.odt) document."


def detect_document_type(uploaded):
    """'pdf', 'docx', 'odt' or None, from the file's content."""
    uploaded.seek(0)
    head = uploaded.read(64)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            # ODF puts an uncompressed "mimetype" entry first; OOXML has a content-types part.
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
    finally:
        uploaded.seek(0)
    return None


def validate_document(uploaded):
    """Return the document type, or raise ValidationError with a message a person can act on."""
    if uploaded.size == 0:
        raise ValidationError("The file is empty. Choose the document again.", code="empty")
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(uploaded.size)}; the largest allowed is "
            f"{filesizeformat(limit)}.",
            code="too_large",
        )
    document_type = detect_document_type(uploaded)
    if document_type is None:
        raise ValidationError(REFUSED_MESSAGE, code="type")
    return document_type
