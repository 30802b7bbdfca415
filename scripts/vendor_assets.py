"""Copy the front-end assets Veier serves from node_modules into the package's static folder.

Veier serves every asset itself (no CDN): the public sector's content-security policies and
offline installations both need that. `make install` runs `npm ci` and then this script.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "src" / "veier" / "static" / "vendor"

FILES = {
    "@digdir/designsystemet-css/dist/src/index.css": "designsystemet/designsystemet.css",
    "@digdir/designsystemet-css/LICENSE": "designsystemet/LICENSE",
    "@digdir/designsystemet-theme/brand/digdir.css": "designsystemet/theme-digdir.css",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "htmx.org/LICENSE": "htmx/LICENSE",
    "axe-core/axe.min.js": "axe-core/axe.min.js",
    "chart.js/dist/chart.umd.min.js": "chartjs/chart.umd.min.js",
    # The script names its source map; collectstatic's manifest refuses a reference it cannot find.
    "chart.js/dist/chart.umd.min.js.map": "chartjs/chart.umd.min.js.map",
    "chart.js/LICENSE.md": "chartjs/LICENSE.md",
    "axe-core/LICENSE": "axe-core/LICENSE",
    "@fontsource/inter/LICENSE": "inter/LICENSE",
}
INTER_WEIGHTS = (400, 500, 600, 700)


def main() -> int:
    if not NODE.is_dir():
        print("node_modules is missing: run `npm ci` first", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for source, target in FILES.items():
        destination = VENDOR / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE / source, destination)
    faces = []
    for weight in INTER_WEIGHTS:
        for subset in ("latin", "latin-ext"):
            name = f"inter-{subset}-{weight}-normal.woff2"
            shutil.copyfile(NODE / "@fontsource/inter/files" / name, VENDOR / "inter" / name)
        faces.append(_font_face(weight))
    (VENDOR / "inter" / "inter.css").write_text("\n".join(faces), encoding="utf-8")
    print(f"vendored {len(FILES)} files and Inter ({len(INTER_WEIGHTS)} weights) into {VENDOR}")
    return 0


def _font_face(weight: int) -> str:
    # latin-ext covers letters such as the Sami á, č, đ, ŋ, š, ŧ, ž.
    return (
        "@font-face{font-family:'Inter';font-style:normal;font-display:swap;"
        f"font-weight:{weight};src:url(inter-latin-{weight}-normal.woff2) format('woff2');"
        "unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2000-206F,"
        "U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD}\n"
        "@font-face{font-family:'Inter';font-style:normal;font-display:swap;"
        f"font-weight:{weight};src:url(inter-latin-ext-{weight}-normal.woff2) format('woff2');"
        "unicode-range:U+0100-02AF,U+0304,U+0308,U+0329,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,"
        "U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF}"
    )


if __name__ == "__main__":
    sys.exit(main())
