"""The model's stored files: written to the private storage (checked first by vidan.core.uploads), removed again
if their transaction fails, and served with the type their content showed."""

from django.http import FileResponse
from django.utils import timezone

from vidan.core.uploads import CheckedFile
from vidan.model.models import ModelFile, model_storage
from vidan.org.actors import Actor


class FilesUndone:
    """Around the writing of files and of the rows that name them: if anything fails, the files go."""

    def __init__(self):
        self.written: list[str] = []

    def __enter__(self):
        return self.written

    def __exit__(self, kind, error, traceback):
        if kind is not None:
            storage = model_storage()
            for name in self.written:
                storage.delete(name)
        return False


def model_files_store(
    *, actor: Actor, commune, role: str, checked: list[CheckedFile], written: list[str], title: str = "", **owner
) -> list[ModelFile]:
    """Write each checked file and its row, owned by `owner` (launch=, commitment=, follow_up= or value=).

    Runs inside the caller's transaction and inside its `FilesUndone`, which removes the files named in `written`
    if the change fails."""
    rows, now = [], timezone.now()
    for each in checked:
        row = ModelFile(
            commune=commune,
            role=role,
            title=title[:255],
            name=each.name,
            content_type=each.content_type,
            size=each.size,
            sha256=each.sha256,
            uploaded_at=now,
            uploaded_by=actor.staff,
            **owner,
        )
        row.file.save(each.name, each.upload, save=False)
        written.append(row.file.name)
        row.full_clean(exclude=["file"])
        row.save()
        rows.append(row)
    return rows


def stored_file_response(stored: ModelFile, *, inline: bool = False) -> FileResponse:
    """A stored file with the type its content showed, never sniffed nor cached; shown inline only when asked,
    in a document that may run nothing."""
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
