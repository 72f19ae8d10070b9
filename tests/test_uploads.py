import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from engagement.uploads import validate_document


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [("plan.pdf", PDF, "pdf"), ("plan.docx", DOCX, "docx"), ("plan.odt", ODT, "odt")],
)
def test_accepts_documents_by_content(name, content, expected):
    assert validate_document(SimpleUploadedFile(name, content)) == expected


def test_type_comes_from_content_not_name():
    assert validate_document(SimpleUploadedFile("plan.txt", PDF, "text/plain")) == "pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
        ("page.pdf", b"<!doctype html><script>alert(1)</script>"),
        ("logo.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("archive.docx", zipped({"evil.exe": "MZ"})),
        ("sheet.odt", zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})),
    ],
)
def test_refuses_other_files_whatever_they_are_called(name, content):
    with pytest.raises(ValidationError, match="must be a PDF"):
        validate_document(SimpleUploadedFile(name, content, "application/pdf"))


def test_refuses_an_empty_file():
    with pytest.raises(ValidationError, match="empty"):
        validate_document(SimpleUploadedFile("plan.pdf", b""))


def test_refuses_a_file_over_the_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match=r"largest allowed is 1\.0"):
        validate_document(SimpleUploadedFile("plan.pdf", PDF + b"0" * 2048))
