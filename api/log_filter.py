"""Keeping secrets out of the access log.

One job: a :class:`logging.Filter` for uvicorn's access logger that rewrites the logged
path, replacing the value of every query parameter whose name suggests a secret
(``token``, ``access_token``, ``key``, ``password``, ...) and every occurrence of the
configured write token by ``***``. A token sent in the URL is refused by the API (tokens
go in the ``Authorization`` header, which is never logged), but the request line would
otherwise still be written to the log with it.

>>> redact("/sparql/update?access_token=s3cret&x=1", ())
'/sparql/update?access_token=***&x=1'
>>> redact("/upload?graph=http://g&t=abc", ("abc",))
'/upload?graph=http://g&t=***'
"""

from __future__ import annotations

import logging
import re
from typing import Iterable

__all__ = ["redact", "RedactSecrets", "install_log_filter"]

_SECRET_PARAM = re.compile(
    r"(?P<name>(?:^|[?&;])[^=&;]*(?:token|key|password|passwd|secret|auth|bearer)[^=&;]*=)(?P<value>[^&;#]*)",
    re.IGNORECASE,
)


def redact(path: str, secrets: Iterable[str]) -> str:
    """``path`` (with its query string) with secret parameter values and every
    occurrence of one of ``secrets`` replaced by ``***``."""
    if "?" in path:
        head, _, query = path.partition("?")
        path = head + "?" + _SECRET_PARAM.sub(lambda m: m.group("name") + "***", query)
    for secret in secrets:
        if secret:
            path = path.replace(secret, "***")
    return path


class RedactSecrets(logging.Filter):
    """Redact the request path of uvicorn access-log records (see :func:`redact`)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn: (client address, method, full path, HTTP version, status code)
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = args[:2] + (redact(args[2], self.secrets),) + args[3:]
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg, self.secrets)
        return True


def install_log_filter(secrets: Iterable[str] = ()) -> RedactSecrets:
    """Put one :class:`RedactSecrets` on uvicorn's access logger (replacing an earlier
    one, so that a new app's token counts) and return it."""
    logger = logging.getLogger("uvicorn.access")
    for old in [f for f in logger.filters if isinstance(f, RedactSecrets)]:
        logger.removeFilter(old)
    new = RedactSecrets(secrets)
    logger.addFilter(new)
    return new
