"""Keep secrets out of the server's logs: follow-up codes and tokens never reach a log line.

Tokens travel only in the Authorization header, which no logger writes; but a follow-up code is part
of a URL (GET /api/v1/reports/{code}) and the access log writes URLs, so it is masked there, as is
anything in a URL that looks like one of our tokens or a `token`/`code` query parameter.
"""

from __future__ import annotations

import logging
import re

_SECRETS = re.compile(
    r"(?P<keep>/reports/)[^/?#\s\"]+"
    r"|(?P<keep2>[?&](?:access_token|token|api_key|code|follow_up_code)=)[^&#\s\"]*"
    r"|ar_[A-Za-z0-9_-]{16,}"
)
_LOGGERS = ("uvicorn.access", "uvicorn.error", "api.errors", "api.audit")


def redact(text: str) -> str:
    """TEXT with follow-up codes and tokens replaced by `***`."""
    return _SECRETS.sub(lambda m: (m.group("keep") or m.group("keep2") or "") + "***", text)


class RedactSecrets(logging.Filter):
    """A logging filter that masks secrets in a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask, never drop."""
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install() -> None:
    """Put the filter on the server's and the API's loggers (once)."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
