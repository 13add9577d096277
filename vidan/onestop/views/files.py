"""Serving a stored file of a dossier, to an officer or to the citizen: the same safe response for both."""

from django.http import FileResponse

from vidan.onestop.models import DossierFile


def stored_file_response(stored: DossierFile, *, inline: bool = False) -> FileResponse:
    """A stored file with the type its content showed, never sniffed by the browser nor kept in a cache; shown
    inline only when asked, and then in a document that may run nothing (an image) or only the browser's own
    PDF viewer (which a sandboxed document may not open)."""
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=not inline,
        filename=stored.download_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    if inline and stored.content_type == "application/pdf":
        response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'"
    return response
