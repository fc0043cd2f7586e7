"""Reading the monitoring data "as of" a day: the ``?as_of=YYYY-MM-DD`` parameter every
page and view that shows status or money takes, the store's monitoring facts for that
day (read once per store state), and which status is worst.

The day's meaning is that of :class:`.facts.MonitoringFacts` and the named query
``measure-status``: a report counts when it holds from that day or earlier *and* was
recorded (``prov:generatedAtTime``) by then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..cache import cached
from ..errors import ParameterError
from .facts import MonitoringFacts, load_monitoring

__all__ = ["parse_as_of", "monitoring_as_of", "WORST_FIRST", "worst_status", "NO_REPORT"]

#: the code of a measure nothing has been reported on (as of the day)
NO_REPORT = "none"

#: status codes from the most to the least alarming: a measure dropped, suspended or
#: delayed stands out; one without any report is unknown, which is worse than one whose
#: department says it is still planned; then work under way and work done
WORST_FIRST = ("dropped", "suspended", "delayed", NO_REPORT, "planned", "started", "on-track", "completed")


def parse_as_of(text: str | None) -> dt.date:
    """The day of ``?as_of=YYYY-MM-DD`` (today when absent or empty);
    :class:`~igel_graph.errors.ParameterError` (HTTP 422) naming the value otherwise.

    >>> parse_as_of("2026-06-30")
    datetime.date(2026, 6, 30)
    >>> parse_as_of("2026-02-30")
    Traceback (most recent call last):
    ...
    igel_graph.errors.ParameterError: as_of '2026-02-30' is not a date.
      Write it as YYYY-MM-DD, e.g. 2026-06-30.
    """
    if text is None or not text.strip():
        return dt.date.today()
    value = text.strip()
    try:
        # a date, or a date with a time after it (the time is not looked at: days are whole)
        if len(value) == 10 or (len(value) > 10 and value[10] in "T "):
            return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    raise ParameterError(
        f"as_of {text!r} is not a date.", parameter="as_of", hint="Write it as YYYY-MM-DD, e.g. 2026-06-30."
    )


def monitoring_as_of(store, day: dt.date) -> MonitoringFacts:
    """The store's monitoring facts read as of ``day``, computed once per store state."""
    return cached(store, ("monitoring-facts", day.isoformat()), lambda: load_monitoring(store, day))


def worst_status(codes: Iterable[str]) -> str:
    """The most alarming of ``codes`` by :data:`WORST_FIRST` (:data:`NO_REPORT` for none).

    >>> worst_status(["on-track", "delayed", "completed"])
    'delayed'
    >>> worst_status([])
    'none'
    """
    rank = {c: i for i, c in enumerate(WORST_FIRST)}
    found = list(codes)
    return min(found, key=lambda c: rank.get(c, len(rank))) if found else NO_REPORT
