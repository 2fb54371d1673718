"""APScheduler wiring: a lease keeps one leader among all processes on the database; the leader
runs `jobs.tick` every minute. Another process takes over within a minute of the leader dying."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from bot.wiring.clock import Clock, system_clock
from scheduler.jobs import JobContext, tick
from storage import scheduling as store

logger = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
LEASE_TTL = timedelta(seconds=40)
LEASE_RENEW_SECONDS = 15
TICK_SECONDS = 60


class CrmScheduler:
    def __init__(self, ctx: JobContext, *, clock: Clock = system_clock) -> None:
        self._ctx = ctx
        self._clock = clock
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._leading = threading.Event()
        self._scheduler = BackgroundScheduler(timezone=UTC)

    @property
    def is_leader(self) -> bool:
        return self._leading.is_set()

    def start(self) -> None:
        now = datetime.now(UTC)
        self._scheduler.add_job(
            self.hold_lease,
            "interval",
            seconds=LEASE_RENEW_SECONDS,
            next_run_time=now,
            id="lease",
            max_instances=1,
            coalesce=True,
        )
        self._scheduler.add_job(
            self.run_tick,
            "interval",
            seconds=TICK_SECONDS,
            next_run_time=now + timedelta(seconds=2),
            id="tick",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=TICK_SECONDS,
        )
        self._scheduler.start()
        logger.info("scheduler started as %s", self.holder)

    def hold_lease(self) -> bool:
        try:
            leading = store.try_lease(
                engine=self._ctx.engine,
                name=LEASE_NAME,
                holder=self.holder,
                now=self._clock(),
                ttl=LEASE_TTL,
            )
        except Exception:
            logger.exception("could not reach the database for the scheduler lease")
            leading = False
        if leading != self._leading.is_set():
            logger.info("scheduler %s %s", self.holder, "now leads" if leading else "stands by")
        if leading:
            self._leading.set()
        else:
            self._leading.clear()
        return leading

    def run_tick(self) -> None:
        if not self.hold_lease():
            return
        try:
            report = tick(self._ctx, self._clock())
        except Exception:
            logger.exception("scheduler tick failed")
            return
        if report.planned or report.delivered.sent:
            logger.info(
                "scheduler: planned %d, sent %d, retrying %d",
                report.planned,
                report.delivered.sent,
                report.delivered.retrying,
            )

    def shutdown(self) -> None:
        self._scheduler.shutdown(wait=True)
        if self._leading.is_set():
            store.release_lease(engine=self._ctx.engine, name=LEASE_NAME, holder=self.holder)
            self._leading.clear()
