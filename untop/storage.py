"""Where the portal keeps its private files (reports, evidence, uploads awaiting import): on
disk or in a bucket, with no public address; settings.STORAGES names these classes."""

import os

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that are only ever served by a view that checks who is asking."""

    def url(self, name: str) -> str:
        raise ValueError("Report files have no public address; use the download view.")

    def _save(self, name, content):
        # Django's own _save leaves the half-written (often empty) file behind when a write
        # fails (a full disk): remove it, so that no upload ever leaves a partial file. The
        # name was made free beforehand (Storage.save asks get_available_name), and the file
        # is created exclusively, so the file at this name is the one being written.
        path = self.path(name)
        existed = os.path.exists(path)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed and os.path.exists(path):
                os.remove(path)
            raise


def _private_s3_storage() -> type:
    # boto3 is imported only when a bucket is configured (settings name this class then).
    from storages.backends.s3 import S3Storage

    class PrivateS3Storage(S3Storage):
        """Private objects in an S3-compatible bucket, shared by every web server and worker.

        Like the files on disk they have no address of their own, not even a signed one: the
        views that check permissions read them with ``open()`` and send them.
        """

        def url(self, name: str, parameters=None, expire=None, http_method=None) -> str:
            raise ValueError("Report files have no public address; use the download view.")

    PrivateS3Storage.__module__ = __name__
    return PrivateS3Storage


def __getattr__(name: str):
    """``untop.storage.PrivateS3Storage``, made on first use."""
    if name == "PrivateS3Storage":
        storage_class = _private_s3_storage()
        globals()[name] = storage_class
        return storage_class
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
