#!/usr/bin/env python3
"""Writes a synthetic news corpus for benchmarks: DOCS documents of about 3 KB each.

Usage: scripts/corpus.py DOCS OUT_DIR [--seed N] [--people N]

Each document is a short news story made from sentence templates, filled with names drawn
from the repository's own lexicons (data/lexicons: given names and surnames from public
census lists, GeoNames cities and countries with demonyms). People, organisations, laws
and places are drawn from fixed pools with a Zipf-like popularity, as in a real archive:
a few names are everywhere, most are rare, and the entity table keeps growing with the
corpus. Titles, appositives, acronyms, possessives and relation verbs give the extractor
the work it has on real news. Deterministic for a given seed; standard library only.
"""

import argparse
import bisect
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICONS = os.path.join(HERE, "..", "data", "lexicons")


def lines(name):
    with open(os.path.join(LEXICONS, name), encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


def ascii_word(word):
    return word.isascii() and word.isalpha() and 2 < len(word) < 12


class Pool:
    """Items with a Zipf-like popularity: item k is drawn with weight 1 / (k + 1)."""

    def __init__(self, items):
        self.items = items
        total, self.cumulative = 0.0, []
        for k in range(len(items)):
            total += 1.0 / (k + 1)
            self.cumulative.append(total)

    def draw(self, rng):
        x = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_left(self.cumulative, x)]


ORG_HEADS = ["Group", "Holdings", "Foundation", "Institute", "Bank", "Airlines", "Energy",
             "Partners", "Motors", "Media", "Pharmaceuticals", "Capital", "Industries"]
AGENCIES = ["Ministry of {topic}", "National {topic} Agency", "{country} {topic} Council",
            "Commission on {topic}", "{topic} Workers Union", "Party of {topic}"]
TOPICS = ["Health", "Justice", "Defence", "Finance", "Education", "Energy", "Transport",
          "Agriculture", "Labour", "Trade", "Water", "Housing", "Security", "Culture"]
LAW_FORMS = ["{topic} Act of {year}", "{topic} Reform Act", "{topic} Protection Act",
             "Treaty of {city}", "{topic} Code"]
TITLES = ["President", "Prime Minister", "{topic} Minister", "Senator", "Governor",
          "Mayor", "General", "Judge", "Ambassador"]
ORG_ROLES = ["chief executive", "spokesperson", "director", "chairman", "founder"]
VERBS = ["met", "criticised", "praised", "accused", "visited", "sued", "thanked", "warned"]
LAW_VERBS = ["invoked", "signed", "challenged", "defended", "repealed"]
FILLER = [
    "The talks lasted for several hours and ended without a joint statement.",
    "Officials said further meetings were planned for the coming weeks.",
    "Critics said the decision would be challenged in court.",
    "The announcement came after months of negotiations.",
    "Analysts expect the figures to be revised later this year.",
    "Local residents gathered outside the building on Tuesday.",
    "The report has not been made public.",
    "Both sides described the discussions as constructive.",
]


def make_pools(rng, people):
    given = [g for g in lines("given_names.txt") if ascii_word(g)]
    surnames = [s for s in lines("surnames.txt") if ascii_word(s)]
    countries = []
    for row in lines("countries.tsv"):
        cols = row.split("\t")
        demonyms = [d for d in cols[6].split("|") if d and not d.endswith("s")]
        if demonyms and cols[0].isascii():
            countries.append((cols[0], demonyms[0], cols[7] if len(cols) > 7 else ""))
    cities = []
    for row in lines("cities.tsv"):
        cols = row.split("\t")
        if cols[0].isascii() and cols[0].replace(" ", "").isalpha():
            cities.append((cols[0], cols[1]))
    rng.shuffle(given)
    rng.shuffle(surnames)
    rng.shuffle(countries)
    rng.shuffle(cities)
    code_to_country = {}
    for row in lines("countries.tsv"):
        cols = row.split("\t")
        code_to_country[cols[1]] = cols[0]
    persons = [f"{rng.choice(given)} {rng.choice(surnames)}" for _ in range(people)]
    orgs = []
    for _ in range(people // 4):
        if rng.random() < 0.6:
            orgs.append(f"{rng.choice(surnames)} {rng.choice(ORG_HEADS)}")
        else:
            form = rng.choice(AGENCIES)
            orgs.append(form.format(topic=rng.choice(TOPICS), country=rng.choice(countries)[0]))
    laws = []
    for _ in range(max(10, people // 20)):
        form = rng.choice(LAW_FORMS)
        laws.append(form.format(topic=rng.choice(TOPICS), year=rng.randint(1790, 2025),
                                city=rng.choice(cities)[0]))
    cities = [(c, code_to_country[cc]) for c, cc in cities if cc in code_to_country]
    return {
        "person": Pool(persons),
        "org": Pool(orgs),
        "law": Pool(laws),
        "country": Pool(countries),
        "city": Pool(cities),
    }


def acronym(name):
    letters = [w[0] for w in name.split() if w[0].isupper()]
    return "".join(letters) if len(letters) >= 3 else None


def story(rng, pools):
    person = lambda: pools["person"].draw(rng)  # noqa: E731
    org = lambda: pools["org"].draw(rng)  # noqa: E731
    country, demonym, capital = pools["country"].draw(rng)
    city, city_country = pools["city"].draw(rng)
    lead = person()
    other = person()
    while other == lead:
        other = person()
    title = rng.choice(TITLES).format(topic=rng.choice(TOPICS))
    company, agency = org(), org()
    law = pools["law"].draw(rng)
    surname = lead.split()[-1]
    other_surname = other.split()[-1]
    sentences = [
        f"{demonym} {title} {lead} {rng.choice(VERBS)} {other} in {city} on Monday.",
        f"{surname} said the meeting with {other_surname} had been productive.",
    ]
    short = acronym(agency)
    if short:
        sentences.append(f"The {agency} ({short}) said it would review the case.")
        sentences.append(f"A spokesperson for the {short} declined to comment further.")
    else:
        sentences.append(f"The {agency} said it would review the case.")
    sentences.append(f"{lead} {rng.choice(LAW_VERBS)} the {law} last year.")
    sentences.append(f"{person()}, the {rng.choice(ORG_ROLES)} of {company}, welcomed the move.")
    sentences.append(f"{company} is based in {city}, {city_country}.")
    if capital:
        sentences.append(f"Protests were reported in {capital}, the capital of {country}.")
    sentences.append(f"{country}'s government has not responded to the allegations.")
    third = person()
    while third in (lead, other):
        third = person()
    sentences.append(f"According to {third}, a member of the {org()}, talks will continue.")
    sentences.append(f"{third.split()[-1]} added that {other_surname} would visit {country}.")
    while sum(len(s) + 1 for s in sentences) < 2600:
        sentences.append(rng.choice(FILLER))
        if rng.random() < 0.4:
            sentences.append(f"{person()} {rng.choice(VERBS)} {person()} at a meeting in "
                             f"{pools['city'].draw(rng)[0]}.")
    headline = f"{surname} and {other_surname} meet in {city}"
    return headline + "\n\n" + " ".join(sentences) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--people", type=int, default=0,
                        help="size of the people pool (default: docs / 2, at least 200)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pools = make_pools(rng, args.people or max(200, args.docs // 2))
    os.makedirs(args.out, exist_ok=True)
    per_folder = 1000
    for i in range(args.docs):
        folder = os.path.join(args.out, f"{i // per_folder:04d}")
        if i % per_folder == 0:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"story-{i:07d}.txt"), "w", encoding="utf-8") as f:
            f.write(story(rng, pools))


if __name__ == "__main__":
    main()
