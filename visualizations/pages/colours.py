"""One colour per action field on the site's pages (timeline, finance), taken from the
one palette every graph view uses (:data:`visualizations.palette.FIELD_COLOURS`), so an
action field has the same colour in a view, the timeline and the finance page.
"""

from __future__ import annotations

from ..palette import FIELD_COLOURS, NO_FIELD

__all__ = ["field_colour"]


def field_colour(number: str | int | None) -> str:
    """The colour of the action field with plan ``number`` ("1" … "4"); grey for none.

    Field *n* gets the palette's *n*-th colour, which is what
    :func:`visualizations.palette.field_colours` gives the fields of a plan numbered 1 … n.

    >>> field_colour("1") == FIELD_COLOURS[0], field_colour(2) == FIELD_COLOURS[1]
    (True, True)
    >>> field_colour(None) == NO_FIELD
    True
    """
    try:
        n = int(str(number).split(".")[0])
    except (TypeError, ValueError):
        return NO_FIELD
    return FIELD_COLOURS[(n - 1) % len(FIELD_COLOURS)]
