"""Reuse register-wide work until something changes.

The councils list and the public feeds are derived from the whole register: loading and
deriving it is most of their cost, yet it changes a few times a day. Every transaction that
writes through the app's session replaces the stamp in `change_stamp` just before it
commits, in the same transaction, so one primary-key read tells any process, on any server,
whether what it derived earlier is still true.

The stamp is read once per request, before anything derived is loaded, so a value stored
under a stamp is never older than the stamp. Writes that bypass the ORM session (raw SQL on a
connection) do not replace the stamp; the app makes none.
"""

from __future__ import annotations

import random
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import g, has_app_context
from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from peerreview.extensions import db
from peerreview.models import ChangeStamp

T = TypeVar("T")

_WROTE = "peerreview.wrote"
_CACHE: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
_CACHE_MAX = 256
_LOCK = threading.Lock()  # threaded servers share the cache


def current_stamp() -> int | None:
    """The stamp as this request first saw it (read again after this request commits)."""
    if "change_stamp" not in g:
        g.change_stamp = db.session.scalar(select(ChangeStamp.stamp).where(ChangeStamp.id == 1))
    return g.change_stamp


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned before under the same stamp. Values must be plain
    data (no ORM instances: they outlive the session that loaded them)."""
    stamp = current_stamp()
    if stamp is None:  # no stamp row (a database not built by the migrations): never reuse
        return compute()
    full_key = (str(db.engine.url), key)
    with _LOCK:
        hit = _CACHE.get(full_key)
        if hit is not None and hit[0] == stamp:
            _CACHE.move_to_end(full_key)
            return hit[1]
    value = compute()
    with _LOCK:
        _CACHE[full_key] = (stamp, value)
        _CACHE.move_to_end(full_key)
        while len(_CACHE) > _CACHE_MAX:
            _CACHE.popitem(last=False)
    return value


def forget_all() -> None:
    with _LOCK:
        _CACHE.clear()


@event.listens_for(db.session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    session.info[_WROTE] = True


@event.listens_for(db.session, "do_orm_execute")
def _bulk(state: ORMExecuteState) -> None:
    stamping = (state.is_update or state.is_insert) and (
        state.statement.table.name == ChangeStamp.__tablename__
    )
    if (state.is_insert or state.is_update or state.is_delete) and not stamping:
        state.session.info[_WROTE] = True


@event.listens_for(db.session, "before_commit")
def _stamp(session: Session) -> None:
    # Flush first so pending changes count, then stamp last: the row lock is held only for
    # the commit itself, so two writers cannot deadlock on it.
    session.flush()
    if session.info.pop(_WROTE, False):
        stamp = random.getrandbits(62)
        done = session.execute(update(ChangeStamp).where(ChangeStamp.id == 1).values(stamp=stamp))
        if done.rowcount == 0:
            session.execute(insert(ChangeStamp).values(id=1, stamp=stamp))


@event.listens_for(db.session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_WROTE, None)
    if has_app_context():
        g.pop("change_stamp", None)
