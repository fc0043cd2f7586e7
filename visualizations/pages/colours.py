"""One colour per action field on the site's pages (timeline, finance).

Until the explorer's shared palette (``visualizations/palette.py``) is on main, the pages
take their field colours from this one function, so that the timeline and the finance
page agree; the lead unifies the two.
"""

from __future__ import annotations

__all__ = ["FIELD_COLOURS", "field_colour"]

#: dark colours (Paul Tol's "muted" scheme, darkened) that carry white text above 4.5:1
#: and stand above 3:1 against white: field 1, 2, 3, 4, then repeat
FIELD_COLOURS = ("#0b5cad", "#117733", "#882255", "#8a4a00", "#332288", "#5b2a86", "#4d5566")


def field_colour(number: str | int | None) -> str:
    """The colour of the action field with ``number`` ("1" … "4"); grey for none.

    >>> field_colour("1"), field_colour(2), field_colour(None)
    ('#0b5cad', '#117733', '#4d5566')
    """
    try:
        n = int(str(number).split(".")[0])
    except (TypeError, ValueError):
        return FIELD_COLOURS[-1]
    return FIELD_COLOURS[(n - 1) % (len(FIELD_COLOURS) - 1)]
