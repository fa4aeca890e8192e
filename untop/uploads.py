"""Storing an uploaded file so that a failed write leaves nothing behind.

A file written through a model's save is named by the storage while it writes: when the
write fails (a full disk), the half-written (often empty) file stays, and nothing says
where. `store_upload` chooses the name first, writes, and removes that file when the write
fails; a full disk is raised as `DiskFull`, for the page to say so plainly.
"""

from __future__ import annotations

import errno
import logging

from django.core.files.uploadedfile import UploadedFile
from django.db.models import FileField, Model
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

DISK_FULL_MESSAGE = gettext_lazy(
    "The server's disk is full: the file was not saved; tell the administrator."
)
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}


class DiskFull(OSError):
    """The storage has no room left for the file: nothing of it was kept."""


def disk_full(error: BaseException | None) -> bool:
    """Whether an error, or one it was raised from or while handling, is a full disk."""
    pending, seen = [error], set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, DiskFull) or (
            isinstance(current, OSError) and current.errno in _DISK_FULL
        ):
            return True
        pending += [current.__cause__, current.__context__]
    return False


def store_upload(field: FileField, instance: Model, upload: UploadedFile) -> str:
    """Write `upload` where `field` keeps its files and return its stored name.

    On a failed write the partial file is removed; a full disk raises DiskFull.
    """
    storage = field.storage
    name = storage.get_available_name(
        field.generate_filename(instance, upload.name), max_length=field.max_length
    )
    try:
        return storage.save(name, upload, max_length=field.max_length)
    except OSError as error:
        _remove(storage, name)
        if error.errno in _DISK_FULL:
            logger.error("Disk full: the upload %r was not saved (%s).", name, error)
            raise DiskFull(error.errno, str(DISK_FULL_MESSAGE)) from error
        raise
    except BaseException:
        _remove(storage, name)
        raise


def discard_upload(field: FileField, name: str) -> None:
    """Remove a file `store_upload` wrote, whose record was then not saved."""
    _remove(field.storage, name)


def _remove(storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:
        logger.exception("Could not remove the partial upload %r.", name)
