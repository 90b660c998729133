"""Write the site's offline Vega bundle: ``python -m scaling_lib.charts.bundle _static/vega-bundle.js``.

``make book`` runs this before every build. The bundle is generated, not committed:
it comes from the pinned vl-convert-python, so a new machine gets the same file.
"""
from __future__ import annotations

import sys

from .render import write_vega_bundle


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m scaling_lib.charts.bundle PATH.js", file=sys.stderr)
        return 2
    path = write_vega_bundle(argv[0])
    print(f"Vega bundle: {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
