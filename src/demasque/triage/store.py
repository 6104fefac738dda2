"""The triage store (SQLAlchemy Core): SQLite by default (`DIR/triage.sqlite`), PostgreSQL by URL.

Tables: messages (redacted text, sender, date, signature), reports (verdict, score, rules),
indicators (one row per message and indicator), campaigns and campaign_members (rebuilt by each
run from all messages, so a second day's feed grows the campaigns of the first).
A message already in the store (same id) is not added twice.
"""
from __future__ import annotations

import json

import numpy as np
from sqlalchemy import (Column, Float, Index, Integer, LargeBinary, MetaData, SmallInteger, String, Table, Text,
                        create_engine, event, func, select)

from sqlalchemy.exc import ArgumentError, OperationalError

from ..errors import UnreadableInput
from .columns import unpack
from .indicators import KINDS, STATUSES
from .signatures import NUM_PERM

meta = MetaData()
messages = Table(
    "messages", meta,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("id", String(200), nullable=False, unique=True),
    Column("received", Float),            # seconds since 1970, UTC
    Column("channel", String(8)),
    Column("sender", String(200)),
    Column("text", Text),                 # redacted: NIR, IBAN, cards, e-mails, numbers, greeted names masked
    Column("signature", LargeBinary),     # NUM_PERM uint32 MinHash values, NULL for an empty text
    Column("run", Integer),
)
reports = Table(
    "reports", meta,
    Column("message_seq", Integer, primary_key=True, autoincrement=False),
    Column("verdict", SmallInteger, nullable=False),     # 0 no_red_flags, 1 suspicious, 2 scam
    Column("score", Float),
    Column("contact_class", SmallInteger),               # links and numbers: 0 none, 1 official only, 2 some elsewhere
    Column("rules", Text),                               # rule ids, space separated
)
indicators = Table(
    "indicators", meta,
    Column("message_seq", Integer, nullable=False, index=True),
    Column("kind", String(8), nullable=False),
    Column("value", String(2000), nullable=False),
    Column("status", String(16), nullable=False),
    Index("ix_indicators_value", "kind", "value"),
)
campaigns = Table(
    "campaigns", meta,
    Column("id", String(16), primary_key=True),
    Column("size", Integer), Column("first_seen", Float), Column("last_seen", Float),
    Column("verdict", String(16)), Column("representative", Text),
    Column("rules", Text),                                # JSON: rule ids and how many members fired each
)
campaign_members = Table(
    "campaign_members", meta,
    Column("campaign_id", String(16), nullable=False, index=True),
    Column("message_seq", Integer, nullable=False),
)
runs = Table(
    "runs", meta,
    Column("run", Integer, primary_key=True, autoincrement=False),
    Column("started", Float), Column("feeds", Text), Column("added", Integer), Column("skipped", Integer),
)
CHANNELS = ("sms", "email", "text", "call")
_IN_CHUNK = 900


def engine_for(url: str):
    # psycopg (3) is the driver the triage extra installs; a bare postgresql:// URL means it
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            url = "postgresql+psycopg://" + url[len(bare):]
    try:
        eng = create_engine(url, future=True)
    except (ArgumentError, ImportError) as exc:
        raise UnreadableInput(f"--db: not a usable database URL ({exc.__class__.__name__}: {str(exc)[:120]})") from None
    if eng.dialect.name == "sqlite":
        @event.listens_for(eng, "connect")
        def _pragmas(dbapi_conn, _):   # one writer, many rows: WAL and fewer fsyncs
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    return eng


def _insert_many(c, table: Table, columns: tuple, rows: list[tuple]) -> None:
    """Insert rows given as tuples. SQLite takes them as they are (its driver's positional
    parameters); SQLAlchemy building and processing a dict per row took half of the client's time
    while the workers ran. Other databases get the dicts, through SQLAlchemy."""
    if not rows:
        return
    if c.dialect.paramstyle == "qmark":
        c.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)
    else:
        c.execute(table.insert(), [dict(zip(columns, r)) for r in rows])


class Store:
    def __init__(self, url: str):
        self.engine = engine_for(url)
        try:
            meta.create_all(self.engine)
        except OperationalError as exc:
            self.engine.dispose()
            raise UnreadableInput(f"cannot open the store: {str(exc.orig)[:200]}") from None
        with self.engine.connect() as c:
            self.next_seq = (c.execute(select(func.max(messages.c.seq))).scalar() or 0) + 1
            self.run = (c.execute(select(func.max(runs.c.run))).scalar() or 0) + 1

    def close(self) -> None:
        self.engine.dispose()

    def add(self, batch: dict, default_received: float) -> tuple[int, int]:
        """Add a worker's batch; returns (added, skipped as already stored)."""
        ids = unpack(batch["id"])
        if not ids:
            return 0, 0
        with self.engine.begin() as c:
            known = set()
            for s in range(0, len(ids), _IN_CHUNK):
                part = ids[s:s + _IN_CHUNK]
                known.update(c.execute(select(messages.c.id).where(messages.c.id.in_(part))).scalars())
            keep, seen = [], set()
            for i, rid in enumerate(ids):
                if rid not in known and rid not in seen:
                    seen.add(rid)
                    keep.append(i)
            if not keep:
                return 0, len(ids)
            seq = {i: self.next_seq + k for k, i in enumerate(keep)}
            self.next_seq += len(keep)
            senders, texts, rules = unpack(batch["sender"]), unpack(batch["text"]), unpack(batch["rules"])
            received = np.where(np.isnan(batch["received"]), default_received, batch["received"]).tolist()
            sig, has_sig = batch["sig"], batch["has_sig"]
            channel = batch["channel"].tolist()
            _insert_many(c, messages, ("seq", "id", "received", "channel", "sender", "text", "signature", "run"), [
                (seq[i], ids[i], received[i], CHANNELS[channel[i]], senders[i], texts[i],
                 sig[i].tobytes() if has_sig[i] else None, self.run) for i in keep])
            verdict, score, lc = batch["verdict"].tolist(), batch["score"].tolist(), batch["contact_class"].tolist()
            _insert_many(c, reports, ("message_seq", "verdict", "score", "contact_class", "rules"), [
                (seq[i], verdict[i], round(score[i], 4), lc[i], rules[i]) for i in keep])
            values = unpack(batch["ind_value"])
            _insert_many(c, indicators, ("message_seq", "kind", "value", "status"), [
                (seq[r], KINDS[k], v, STATUSES[s]) for r, k, s, v in zip(batch["ind_row"].tolist(), batch["ind_kind"].tolist(),
                                                                         batch["ind_status"].tolist(), values) if r in seq])
        return len(keep), len(ids) - len(keep)

    def log_run(self, started: float, feeds: list[str], added: int, skipped: int) -> None:
        with self.engine.begin() as c:
            c.execute(runs.insert().values(run=self.run, started=started, feeds=json.dumps(feeds), added=added, skipped=skipped))

    # --- what clustering reads -------------------------------------------------------------------
    def arrays(self) -> dict:
        """All messages in seq order: ids, dates, verdicts, link classes and signatures."""
        q = (select(messages.c.seq, messages.c.id, messages.c.received, reports.c.verdict, reports.c.contact_class,
                    messages.c.signature).join(reports, reports.c.message_seq == messages.c.seq).order_by(messages.c.seq))
        seqs, ids, received, verdict, lc, sigs = [], [], [], [], [], []
        empty = bytes(4 * NUM_PERM)
        with self.engine.connect() as c:
            for row in c.execute(q).yield_per(50_000):
                seqs.append(row[0]); ids.append(row[1]); received.append(row[2])
                verdict.append(row[3]); lc.append(row[4]); sigs.append(row[5] or empty)
        sig = np.frombuffer(b"".join(sigs), dtype=np.uint32).reshape(-1, NUM_PERM) if sigs else np.zeros((0, NUM_PERM), np.uint32)
        return {"seq": np.array(seqs, dtype=np.int64), "id": ids, "received": np.array(received, dtype=np.float64),
                "verdict": np.array(verdict, dtype=np.int8), "contact_class": np.array(lc, dtype=np.int8),
                "sig": sig, "has_sig": np.array([s is not empty for s in sigs], dtype=bool)}

    def linking_indicators(self, kinds, statuses, link_kinds=("url", "domain")) -> tuple[np.ndarray, list[str]]:
        """(message seq, "kind value") of the indicators that may join campaigns: those of flagged
        messages, and the links of unflagged messages that link somewhere unofficial (a kit's variant
        the rules missed still goes to the kit's own domains)."""
        from sqlalchemy import and_, or_
        q = (select(indicators.c.message_seq, indicators.c.kind, indicators.c.value)
             .join(reports, reports.c.message_seq == indicators.c.message_seq)
             .where(indicators.c.status.in_(list(statuses)),
                    or_(and_(reports.c.verdict > 0, indicators.c.kind.in_(list(kinds))),
                        and_(reports.c.verdict == 0, reports.c.contact_class == 2, indicators.c.kind.in_(list(link_kinds))))))
        seqs, vals = [], []
        with self.engine.connect() as c:
            for s, k, v in c.execute(q).yield_per(100_000):
                seqs.append(s)
                vals.append(k + " " + v)
        return np.array(seqs, dtype=np.int64), vals

    def rules_of(self, seqs: list[int]) -> dict[int, str]:
        return self._column(reports.c.rules, reports.c.message_seq, seqs)

    def texts_of(self, seqs: list[int]) -> dict[int, str]:
        return self._column(messages.c.text, messages.c.seq, seqs)

    def _column(self, col, key, seqs) -> dict:
        out = {}
        with self.engine.connect() as c:
            for s in range(0, len(seqs), _IN_CHUNK):
                out.update(c.execute(select(key, col).where(key.in_(seqs[s:s + _IN_CHUNK]))).all())
        return out

    def all_rules(self) -> list[str]:
        with self.engine.connect() as c:
            return list(c.execute(select(reports.c.rules).order_by(reports.c.message_seq)).scalars())

    def campaign_indicators(self) -> list[tuple]:
        """(campaign id, kind, value, status, messages) for every campaign."""
        q = (select(campaign_members.c.campaign_id, indicators.c.kind, indicators.c.value, indicators.c.status,
                    func.count())
             .join(indicators, indicators.c.message_seq == campaign_members.c.message_seq)
             .group_by(campaign_members.c.campaign_id, indicators.c.kind, indicators.c.value, indicators.c.status))
        with self.engine.connect() as c:
            return c.execute(q).all()

    def indicator_table(self) -> list[tuple]:
        """(kind, value, status, messages, first seen, last seen, flagged messages) of every indicator."""
        flagged = func.sum(func.cast(reports.c.verdict > 0, Integer))
        q = (select(indicators.c.kind, indicators.c.value, indicators.c.status, func.count(),
                    func.min(messages.c.received), func.max(messages.c.received), flagged)
             .join(messages, messages.c.seq == indicators.c.message_seq)
             .join(reports, reports.c.message_seq == indicators.c.message_seq)
             .group_by(indicators.c.kind, indicators.c.value, indicators.c.status)
             .order_by(func.count().desc()))
        with self.engine.connect() as c:
            return c.execute(q).all()

    def replace_campaigns(self, rows: list[dict], members: list[tuple[str, int]]) -> None:
        with self.engine.begin() as c:
            c.execute(campaign_members.delete())
            c.execute(campaigns.delete())
            if rows:
                c.execute(campaigns.insert(), rows)
            for s in range(0, len(members), 100_000):
                c.execute(campaign_members.insert(), [{"campaign_id": a, "message_seq": b} for a, b in members[s:s + 100_000]])

    def counts(self) -> dict:
        with self.engine.connect() as c:
            total = c.execute(select(func.count()).select_from(reports)).scalar()
            by = dict(c.execute(select(reports.c.verdict, func.count()).group_by(reports.c.verdict)).all())
        return {"messages": total, "scam": by.get(2, 0), "suspicious": by.get(1, 0), "no_red_flags": by.get(0, 0)}
