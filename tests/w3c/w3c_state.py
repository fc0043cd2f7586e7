"""State shared by the W3C harness: the write token and the outcome of each test."""

TOKEN = "w3c-test-token"
#: manifest test name -> passed
RESULTS: dict[str, bool] = {}
