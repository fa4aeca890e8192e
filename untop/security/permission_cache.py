"""Each user's permissions kept in the portal's cache, so that a page does not read them again.

Django's ModelBackend reads a user's permissions with two queries (the user's own, those of
their groups) on the first permission check of every request, and keeps them on the user
object for that request only (``_user_perm_cache``, ``_group_perm_cache``, ``_perm_cache``).
``CachedPermissionsBackend``, listed before the ModelBackend in AUTHENTICATION_BACKENDS, fills
those three from Django's cache, where they stay under a version key that every change of
anyone's rights replaces (``permissions_changed``):

- a user's groups or own permissions, a group's permissions (m2m_changed, and deletes of
  those link rows, which a cascade or a bulk delete makes without m2m_changed);
- a Group, a Permission or a ContentType saved or deleted;
- a user deleted, or saved with ``is_active`` or ``is_superuser`` possibly changed (a save
  naming only other fields, as a sign-in's ``last_login``, keeps the version); the key also
  holds ``is_superuser``, so that even a bulk update of it is not missed, and when the
  account was made, so that an id given again after a rollback finds nothing;
- every ``migrate`` and ``flush`` (new permissions are written in bulk, without signals).

The version is replaced at once and again when the transaction commits, so that the next
request of anyone, served by any process sharing the cache, reads the rights anew. Inside a
transaction opened by the portal's code the cache is neither read nor written: the
permissions read there may include changes that are rolled back later, and must never be
kept under the current version. What nobody can change here: who may change rights, and
that nobody raises their own (programs.accounts), are the same with or without the cache.

While the cache cannot be reached, permissions are read from the database as without it
(the portal's cache faults are handled in one place, untop.figures_cache: logged once,
retried every 30 seconds), and when it answers again the version is replaced, since changes
saved meanwhile replaced none. An entry lives PERMISSIONS_CACHE_SECONDS at most, which
bounds what a write that sends no signal (raw SQL in a shell) could leave behind.

Hand-written: the maintained caches that could hold these queries (django-cachalot,
django-cacheops) cache every ORM query of the tables they are given by patching Django's
SQL compiler, cursors and transactions for all queries of the portal; cacheops needs Redis
(the portal also runs on its local-memory and file caches), and neither falls back to the
database while the cache is down. django-groups-cache keeps only a user's group names.
"""

from __future__ import annotations

import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from untop.figures_cache import _cache_call, _cache_skipped, on_cache_return

VERSION_KEY = "untop:permissions:version"
PERMISSIONS_CACHE_SECONDS = 300
# The user fields that decide what the ModelBackend gives (an inactive user has no
# permission, a superuser has all).
RIGHTS_FIELDS = frozenset({"is_active", "is_superuser"})

_model_backend = ModelBackend()


def _entry_key(user) -> str:
    # The moment the account was made tells apart two accounts given the same id (SQLite
    # gives an id again after a rollback), so that making an account need not replace the
    # version.
    joined = user.date_joined.timestamp() if user.date_joined else ""
    return f"untop:permissions:user:{user.pk}:{joined}:{int(user.is_superuser)}"


def permissions_changed() -> None:
    """Forget every user's cached permissions. A new random version, never used twice."""
    _cache_call("set", VERSION_KEY, uuid.uuid4().hex, None)


def _in_portal_transaction() -> bool:
    """Whether the portal's code has a transaction open on the database (the test suite's
    own enclosing transactions, which stand for committed data, do not count)."""
    connection = transaction.get_connection()
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _permission_sets(user) -> tuple[set[str], set[str]]:
    """The user's own permissions and their groups', as "app_label.codename" sets."""
    if _in_portal_transaction() or _cache_skipped():
        return _from_database(user)
    found = _cache_call("get_many", [VERSION_KEY, _entry_key(user)])
    if found is None:  # the cache did not answer
        return _from_database(user)
    version = found.get(VERSION_KEY)
    entry = found.get(_entry_key(user))
    if version is not None and entry is not None and entry[0] == version:
        return set(entry[1]), set(entry[2])
    if version is None:
        _cache_call("add", VERSION_KEY, uuid.uuid4().hex, None)
        version = _cache_call("get", VERSION_KEY)
    # The version is read before the database: a change committed in between replaces it
    # after its commit, so what is kept below is never taken for current rights.
    own, of_groups = _from_database(user)
    if version is not None:
        entry = (version, frozenset(own), frozenset(of_groups))
        _cache_call("set", _entry_key(user), entry, PERMISSIONS_CACHE_SECONDS)
    return own, of_groups


def _from_database(user) -> tuple[set[str], set[str]]:
    for name in ("_user_perm_cache", "_group_perm_cache", "_perm_cache"):
        user.__dict__.pop(name, None)
    return _model_backend.get_user_permissions(user), _model_backend.get_group_permissions(user)


class CachedPermissionsBackend:
    """The ModelBackend's permissions, read from the cache (see the module's docstring).

    Only answers permission questions: it signs nobody in (no ``authenticate``, no
    ``get_user``), so the sessions still name the ModelBackend. It fills the same per-request
    attributes as the ModelBackend, which then answers from them without a query.
    """

    def authenticate(self, request, **credentials) -> None:
        return None  # never signs anyone in

    @staticmethod
    def _applies(user_obj, obj) -> bool:
        return obj is None and user_obj.is_active and not user_obj.is_anonymous

    def _fill(self, user_obj) -> None:
        if hasattr(user_obj, "_user_perm_cache") and hasattr(user_obj, "_group_perm_cache"):
            return
        own, of_groups = _permission_sets(user_obj)
        user_obj._user_perm_cache = own
        user_obj._group_perm_cache = of_groups
        user_obj._perm_cache = own | of_groups

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        if not self._applies(user_obj, obj):
            return set()
        self._fill(user_obj)
        return user_obj._user_perm_cache

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        if not self._applies(user_obj, obj):
            return set()
        self._fill(user_obj)
        return user_obj._group_perm_cache

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not self._applies(user_obj, obj):
            return set()
        self._fill(user_obj)
        return user_obj._perm_cache

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return any(
            perm[: perm.index(".")] == app_label for perm in self.get_all_permissions(user_obj)
        )


# Changes of rights -------------------------------------------------------------------------


def _rights_changed() -> None:
    # Now, and again once the transaction commits: a request in between, in another process,
    # reads the rights as still committed and may keep them under the version of now.
    # Each change registers its own: one registered earlier in a savepoint rolled back since
    # is dropped with it.
    permissions_changed()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(permissions_changed)


def _links_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _rights_changed()


def _link_deleted(sender, **kwargs) -> None:
    _rights_changed()


def _record_changed(sender, **kwargs) -> None:
    _rights_changed()


def _user_saved(sender, created, update_fields=None, raw=False, **kwargs) -> None:
    # A new account has no permission until it is given a group or one (m2m_changed).
    if not created and (update_fields is None or RIGHTS_FIELDS & set(update_fields)):
        _rights_changed()


def _migrated(sender, **kwargs) -> None:
    permissions_changed()


def watch_permission_changes() -> None:
    """Connect the signals that replace the version (from the portal's AppConfig.ready)."""
    User = get_user_model()  # noqa: N806 - a class
    links = (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
    )
    for through in links:
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"perm-m2m-{through}")
        post_delete.connect(_link_deleted, sender=through, dispatch_uid=f"perm-del-{through}")
    for model in (Group, Permission, ContentType):
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"perm-save-{model}")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=f"perm-del-{model}")
    post_save.connect(_user_saved, sender=User, dispatch_uid="perm-save-user")
    post_delete.connect(_record_changed, sender=User, dispatch_uid="perm-del-user")
    post_migrate.connect(_migrated, dispatch_uid="untop.security.permission_cache")
    on_cache_return(permissions_changed)
