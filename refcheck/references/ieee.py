"""placeholder"""
from refcheck.references.entry import parse_entry as parse_numbered_entry  # noqa: F401
