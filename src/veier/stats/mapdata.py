"""The map of Norway's fylker as SVG paths, built once from Kartverket's 2024 polygons.

Plain Python. The GeoJSON is in longitude/latitude; we project it with a simple equirectangular
projection whose x-axis is shrunk by cos(65°), which keeps Norway's shape recognisable at this
size, simplify each ring with Douglas–Peucker, drop specks smaller than a pixel, and write one
path per fylke to ``data/fylker_paths.json``. The page then draws the map with no tile server and
no JavaScript.
"""

from __future__ import annotations

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


def build_paths(geojson: dict[str, Any]) -> dict[str, Any]:
    features = geojson["features"]
    polygons = {}
    for feature in features:
        geometry = feature["geometry"]
        polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        polygons[feature["properties"]["fylkesnummer"]] = (feature["properties"]["name"], polys)
    xs = [lon * X_SCALE for _n, polys in polygons.values() for poly in polys for ring in poly for lon, _lat in ring]
    ys = [-lat for _n, polys in polygons.values() for poly in polys for ring in poly for _lon, lat in ring]
    min_x, min_y = min(xs), min(ys)
    scale = WIDTH / (max(xs) - min_x)
    height = (max(ys) - min_y) * scale
    result = {}
    for number, (name, polys) in sorted(polygons.items()):
        parts = []
        for poly in polys:
            for ring in poly:
                projected = [((lon * X_SCALE - min_x) * scale, (-lat - min_y) * scale) for lon, lat in ring]
                if _area(projected) < MIN_AREA:
                    continue
                simple = _dp(projected, TOLERANCE)
                if len(simple) < 4:
                    continue
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in simple[:-1]) + "Z")
        result[number] = {"name": name, "d": "".join(parts)}
    return {"width": WIDTH, "height": round(height, 1), "fylker": result}


def geojson_path() -> Path:
    return Path(str(resources.files("veier.stats").joinpath("data/Fylker-S.geojson")))


def paths_file() -> Path:
    return Path(str(resources.files("veier.stats").joinpath("data/fylker_paths.json")))


def write_paths() -> dict[str, Any]:
    data = build_paths(json.loads(geojson_path().read_text(encoding="utf-8")))
    paths_file().write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return data


@lru_cache(maxsize=1)
def paths() -> dict[str, Any]:
    """The prebuilt paths; built on the fly if the file is missing (e.g. in a fresh checkout)."""
    file = paths_file()
    if file.exists():
        return json.loads(file.read_text(encoding="utf-8"))
    return build_paths(json.loads(geojson_path().read_text(encoding="utf-8")))
