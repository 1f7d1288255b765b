"""The work store: users, roles, the audit log and the work queues, apart from the warehouse
so that a rebuild of the warehouse never loses them (see `store`, `models`, `queues`)."""

from __future__ import annotations

from rcm.workstore.models import ROLES
from rcm.workstore.store import (
    MIN_PASSWORD_LENGTH,
    AuditEntry,
    SignIn,
    User,
    WorkStore,
    WorkStoreError,
)

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "AuditEntry",
    "SignIn",
    "User",
    "WorkStore",
    "WorkStoreError",
]
