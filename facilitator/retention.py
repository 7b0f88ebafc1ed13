"""Rounds past their retention date lose their personal data by themselves: once when
the server starts and then every hour (docs/PRIVACY.md). Several processes may all do
it; erasing an already erased round is skipped, so that is harmless."""
import logging
from datetime import date

from flask import Flask

from sessions import privacy_services

from .extensions import socketio

log = logging.getLogger("buurttafel.retention")
EVERY_SECONDS = 60 * 60


def erase_expired_rounds(app: Flask) -> list[int]:
    from . import unit_of_work

    erased = privacy_services.erase_expired_rounds(unit_of_work(app), today=date.today())
    if erased:
        log.info("erased the personal data of rounds %s: their retention date has passed", erased)
    return erased


def start_hourly_erasure(app: Flask) -> None:
    """Erase what has expired now, before serving, then every hour in the background."""
    def erase():
        try:
            erase_expired_rounds(app)
        except Exception:  # a database away for a moment: the next hour tries again
            log.exception("erasing expired rounds failed")

    def every_hour():
        while True:
            socketio.sleep(EVERY_SECONDS)
            erase()

    erase()

    socketio.start_background_task(every_hour)
