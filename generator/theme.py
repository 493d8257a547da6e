"""Where the built-in theme lives.

In the repository the theme is the project's own top-level `templates/` and `static/`
(the repository root is itself a briefing project); a wheel carries the same two folders
inside the package, as `generator/templates/` and `generator/static/`, so that an installed
`briefing` builds any project with it. There is one copy in the source tree.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent
ROOT = PACKAGE if (PACKAGE / "templates").is_dir() else PACKAGE.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
