#!/usr/bin/env bash
# Rebuild the vendored map files from the npm registry (run from anywhere; needs npm, python3).
#   leaflet.js, leaflet.css, LICENSE-leaflet   Leaflet (BSD-2-Clause), unchanged from its dist/
#   land-110m.geojson, LICENSE-world-atlas     Natural Earth 1:110m land (public domain) from
#                                              world-atlas (ISC), TopoJSON decoded to GeoJSON
# The results are committed: `pip install -e .` alone must give a working map.
set -euo pipefail
LEAFLET=1.9.4
WORLD_ATLAS=2.0.2
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "leaflet@$LEAFLET" "world-atlas@$WORLD_ATLAS" >/dev/null
mkdir leaflet world
tar xzf "leaflet-$LEAFLET.tgz" -C leaflet
tar xzf "world-atlas-$WORLD_ATLAS.tgz" -C world
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css "$here/"
cp leaflet/package/LICENSE "$here/LICENSE-leaflet"
cp world/package/LICENSE "$here/LICENSE-world-atlas"
python3 - world/package/land-110m.json "$here/land-110m.geojson" <<'PY'
import json, sys

topo = json.load(open(sys.argv[1]))
(sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
arcs = []
for arc in topo["arcs"]:  # quantized, delta-encoded positions
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append([round(x * sx + tx, 2), round(y * sy + ty, 2)])
    arcs.append(points)

def ring(indexes):
    out = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(points if not out else points[1:])
    return out

polygons = []
for geometry in topo["objects"]["land"]["geometries"]:
    if geometry["type"] == "Polygon":
        polygons.append([ring(r) for r in geometry["arcs"]])
    elif geometry["type"] == "MultiPolygon":
        polygons.extend([ring(r) for r in poly] for poly in geometry["arcs"])
def unwrap(ring):
    # A ring that jumps across the antimeridian would draw a line around the whole world:
    # keep its longitudes continuous instead (Leaflet draws past 180 degrees).
    out = [ring[0]]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        out.append([round(lon, 2), lat])
    return out

polygons = [[unwrap(r) for r in p] for p in polygons]
feature = {"type": "Feature", "properties": {"source": "Natural Earth 1:110m land"},
           "geometry": {"type": "MultiPolygon", "coordinates": polygons}}
json.dump({"type": "FeatureCollection", "features": [feature]}, open(sys.argv[2], "w"),
          separators=(",", ":"))
PY
echo "leaflet $LEAFLET" > "$here/VERSIONS"
echo "world-atlas $WORLD_ATLAS (Natural Earth 4.1.0, land 1:110m)" >> "$here/VERSIONS"
