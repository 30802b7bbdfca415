"""The maps of Norway's fylker and kommuner as SVG paths, built once from Kartverket's 2024 polygons.

Plain Python. The GeoJSON is in longitude/latitude; we project it with a simple equirectangular
projection whose x-axis is shrunk by cos(65°), which keeps Norway's shape recognisable at this
size, simplify each ring with Douglas–Peucker, drop specks smaller than a pixel, and write one
path per fylke to ``data/fylker_paths.json`` and one per kommune to ``data/kommuner_paths.json``.
The page then draws the maps with no tile server and no JavaScript.

Paths are written with relative commands between coordinates rounded to a tenth of a pixel (the
rounding is done on the absolute positions, so it never accumulates), which keeps the 357 kommuner
at about 100 kB. The fylke GeoJSON is in the package, so its paths can be rebuilt and checked by the
tests; the kommune GeoJSON (1.3 MB) is not: ``veier build-stats-map --kommuner FILE`` reads it from
wherever it is and records its checksum in the paths file (see data/SOURCES.md).
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

WIDTH = 400.0
X_SCALE = math.cos(math.radians(65))
TOLERANCE = 0.6  # in output pixels
MIN_AREA = 1.5  # square pixels
# Kommuner are small at this size: keep more detail, and smaller islands.
KOMMUNE_TOLERANCE = 0.35
KOMMUNE_MIN_AREA = 0.5
CREDIT = "© Kartverket"
LICENCE = "CC BY 4.0"
SOURCE = ("Kartverket, administrative enheter 2024, simplified polygons as published by "
          "github.com/robhop/fylker-og-kommuner")


def _dp(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative, keeping the first and last point."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        (x1, y1), (x2, y2) = points[start], points[end]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = 0.0, -1
        for i in range(start + 1, end):
            x, y = points[i]
            if norm < 1e-9:  # a closed ring: measure from the shared end point
                distance = math.hypot(x - x1, y - y1)
            else:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if distance > best:
                best, index = distance, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(start, index), (index, end)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True))) / 2


def _number(value: int) -> str:
    """A coordinate in tenths of a pixel as SVG writes it shortest: 12 → "1.2", -3 → "-.3", 20 → "2"."""
    text = f"{abs(value) // 10}" + (f".{abs(value) % 10}" if value % 10 else "")
    text = text[1:] if text.startswith("0.") else text
    return ("-" if value < 0 else "") + text


def _ring_path(points: list[tuple[float, float]]) -> str:
    """One closed ring: an absolute move, then relative lines between the rounded positions."""
    tenths = [(round(x * 10), round(y * 10)) for x, y in points]
    ring = [p for i, p in enumerate(tenths) if i == 0 or p != tenths[i - 1]]
    out = [f"M{_number(ring[0][0])} {_number(ring[0][1])}l"]
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        dx, dy = _number(x1 - x0), _number(y1 - y0)
        out.append(f"{dx}{dy if dy.startswith('-') else ' ' + dy} ")
    return "".join(out).rstrip() + "z"


def build_paths(geojson: dict[str, Any], *, key: str = "fylkesnummer", layer: str = "fylker",
                tolerance: float = TOLERANCE, min_area: float = MIN_AREA) -> dict[str, Any]:
    """One SVG path per feature, keyed by the feature's ``key`` property, under ``layer``.

    Every feature keeps a path: if all its rings are smaller than ``min_area`` (a small island
    kommune), its largest ring is kept anyway.
    """
    features = geojson["features"]
    polygons = {}
    for feature in features:
        geometry = feature["geometry"]
        polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        polygons[feature["properties"][key]] = (feature["properties"]["name"], polys)
    xs = [lon * X_SCALE for _n, polys in polygons.values() for poly in polys for ring in poly for lon, _lat in ring]
    ys = [-lat for _n, polys in polygons.values() for poly in polys for ring in poly for _lon, lat in ring]
    min_x, min_y = min(xs), min(ys)
    scale = WIDTH / (max(xs) - min_x)
    height = (max(ys) - min_y) * scale
    result = {}
    for number, (name, polys) in sorted(polygons.items()):
        rings = [[((lon * X_SCALE - min_x) * scale, (-lat - min_y) * scale) for lon, lat in ring]
                 for poly in polys for ring in poly]
        parts = []
        for ring in rings:
            if _area(ring) < min_area:
                continue
            simple = _dp(ring, tolerance)
            if len(simple) >= 4:
                parts.append(_ring_path(simple[:-1]))
        if not parts:
            largest = max(rings, key=_area)
            simple = _dp(largest, tolerance)
            parts.append(_ring_path((simple if len(simple) >= 4 else largest)[:-1]))
        result[number] = {"name": name, "d": "".join(parts)}
    return {"credit": CREDIT, "licence": LICENCE, "source": SOURCE, "width": WIDTH, "height": round(height, 1),
            layer: result}


def _data(name: str) -> Path:
    return Path(str(resources.files("veier.stats").joinpath(f"data/{name}")))


def geojson_path() -> Path:
    return _data("Fylker-S.geojson")


def paths_file() -> Path:
    return _data("fylker_paths.json")


def kommune_paths_file() -> Path:
    return _data("kommuner_paths.json")


def _write(data: dict[str, Any], file: Path) -> dict[str, Any]:
    file.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return data


def write_paths() -> dict[str, Any]:
    return _write(build_paths(json.loads(geojson_path().read_text(encoding="utf-8"))), paths_file())


def build_kommune_paths(source: Path) -> dict[str, Any]:
    """The kommune paths from Kartverket's kommune GeoJSON (Kommuner-S.geojson), with its checksum."""
    raw = source.read_bytes()
    data = build_paths(json.loads(raw), key="kommunenummer", layer="kommuner", tolerance=KOMMUNE_TOLERANCE,
                       min_area=KOMMUNE_MIN_AREA)
    return {**data, "source_file": source.name, "source_sha256": hashlib.sha256(raw).hexdigest()}


def write_kommune_paths(source: Path) -> dict[str, Any]:
    return _write(build_kommune_paths(source), kommune_paths_file())


@lru_cache(maxsize=1)
def paths() -> dict[str, Any]:
    """The prebuilt fylke paths; built on the fly if the file is missing (e.g. in a fresh checkout)."""
    file = paths_file()
    if file.exists():
        return json.loads(file.read_text(encoding="utf-8"))
    return build_paths(json.loads(geojson_path().read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def kommune_paths() -> dict[str, Any]:
    """The prebuilt kommune paths (the source GeoJSON is not in the package; see data/SOURCES.md)."""
    return json.loads(kommune_paths_file().read_text(encoding="utf-8"))
