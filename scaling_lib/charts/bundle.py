"""Write the site's offline Vega bundle: ``python -m scaling_lib.charts.bundle _static/vega-bundle.js``.

``make book`` runs this when the environment or the renderer is newer than the bundle. The bundle is generated, not committed:
it comes from the pinned vl-convert-python, so a new machine gets the same file.
"""
from __future__ import annotations

import sys

from .render import write_vega_bundle


def main(argv: list[str]) -> int:
    """Write the bundle to the one path in ``argv``; print usage and return 2 for any other count."""
    if not isinstance(argv, (list, tuple)) or not all(isinstance(arg, str) for arg in argv):
        raise TypeError(f"argv must be a list of strings (the command-line arguments), got {argv!r:.60}")
    if len(argv) != 1:
        print("usage: python -m scaling_lib.charts.bundle PATH.js", file=sys.stderr)
        return 2
    path = write_vega_bundle(argv[0])
    print(f"Vega bundle: {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
