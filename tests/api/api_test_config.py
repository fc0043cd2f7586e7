"""Limits of the API test servers (shared by conftest.py and the tests)."""

#: limits of the read-only test server, small so that tests can reach them
MAX_ROWS = 50
QUERY_TIMEOUT = 3.0
MAX_BODY = 64 * 1024
#: bearer token of the writable test server
TOKEN = "test-write-token"
#: long-query lanes of the test servers whose tests never run two long queries at once
#: (``IGEL_QUERY_WORKERS``): one lane, plus the lane kept for short queries and the warm
#: spare, starts one worker process fewer than the default of two
LIGHT_QUERY_WORKERS = 1
