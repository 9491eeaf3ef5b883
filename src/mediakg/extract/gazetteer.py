"""A compact place gazetteer from GeoNames data, shipped with the package.

``data/gazetteer.tsv.gz`` holds the world's countries and its cities of more than 15,000 people,
with coordinates, country and alternate spellings (built by ``tools/build_gazetteer.py``). Data:
GeoNames, https://www.geonames.org, licensed CC BY 4.0.

Examples
--------
>>> place = lookup("Aqtobe")
>>> place.name, place.country, round(place.latitude, 1)
('Aktobe', 'Kazakhstan', 50.3)
>>> lookup("Kazakstan").name
'Kazakhstan'
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mediakg.resolve import name_key

__all__ = ["GazetteerPlace", "lookup"]

_DATA = Path(__file__).parent / "data" / "gazetteer.tsv.gz"


@dataclass(frozen=True)
class GazetteerPlace:
    """A place of the gazetteer: canonical name, coordinates, GeoNames id, country."""

    name: str
    kind: str
    latitude: float
    longitude: float
    country_code: str
    country: str | None
    population: int
    geonames_id: int | None


@cache
def _index() -> tuple[dict[str, list[GazetteerPlace]], dict[str, GazetteerPlace]]:
    lines = gzip.decompress(_DATA.read_bytes()).decode("utf-8").splitlines()
    parsed: list[tuple[str, str, str, float, float, str, int, str]] = []
    for line in lines:
        f = line.split("\t")
        parsed.append((f[0], f[1], f[2], float(f[3]), float(f[4]), f[5], int(f[6]), f[7]))
    countries: dict[str, GazetteerPlace] = {
        row[5]: GazetteerPlace(row[2], row[0], row[3], row[4], row[5], None, row[6], None)
        for row in parsed
        if row[0] == "country"
    }
    by_name: dict[str, list[GazetteerPlace]] = {}
    for kind, ident, name, lat, lon, cc, population, alts in parsed:
        if kind == "country":
            place = countries[cc]
        else:
            country = countries.get(cc)
            place = GazetteerPlace(
                name, kind, lat, lon, cc, country.name if country else None, population, int(ident)
            )
        for label in {name, *filter(None, alts.split("|"))}:
            by_name.setdefault(name_key(label), []).append(place)
    for places in by_name.values():
        # Countries first, then the most populous: "Georgia" is the country, "Moscow" Russia's.
        places.sort(key=lambda p: (p.kind != "country", -p.population, p.name))
    return by_name, countries


def lookup(name: str, *, country_code: str | None = None) -> GazetteerPlace | None:
    """Return the place a name most likely means, or ``None`` if the gazetteer has no such name.

    Parameters
    ----------
    name : str
        A place name or spelling variant (``Aqtobe``, ``Alma-Ata``, ``Kazakstan``).
    country_code : str, optional
        Prefer a place in this country (ISO 3166 alpha-2), e.g. the article's location.
    """
    by_name, _ = _index()
    candidates = by_name.get(name_key(name))
    if not candidates:
        return None
    if country_code:
        for place in candidates:
            if place.country_code == country_code:
                return place
    return candidates[0]


def country(code: str) -> GazetteerPlace | None:
    """Return the country with ISO 3166 alpha-2 ``code``."""
    return _index()[1].get(code)
