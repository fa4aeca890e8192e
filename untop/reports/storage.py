"""Storage for report PDFs: on disk, with no public address."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that are only ever served by a view that checks who is asking."""

    def url(self, name: str) -> str:
        raise ValueError("Report files have no public address; use the download view.")
