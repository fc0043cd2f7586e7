"""Helpers shared by test suites of several folders (one copy each)."""
