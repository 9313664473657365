"""Option values shared by the command line, the configuration and the Crossref client.

Import-free on purpose: ``refcheck --version`` imports this and click, nothing more.
"""

FORMATS = ("text", "json", "github", "sarif")
FAIL_ON = ("error", "warning", "note", "never")
DEFAULT_URL = "https://api.crossref.org"
