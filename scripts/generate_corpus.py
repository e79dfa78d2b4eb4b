#!/usr/bin/env python3
"""Synthetic wire-service news corpus with ground truth, for testing wiredup.

    generate_corpus.py --docs 400 --seed 1 --out corpora/sample.jsonl --truth corpora/sample.truth.jsonl
    generate_corpus.py --docs 1000000 --seed 7 --out big.jsonl.gz --gzip --truth big.truth.jsonl.gz --stats
    generate_corpus.py --self-test

Every word of the output is composed here: the vocabulary, the made-up names (people, places,
parties, companies, news sites) and the sentence templates are written in this file, and no
third-party text is read. Standard library only.

What is generated (see corpora/README.md for the truth format):
  * base stories on ten topics (elections, earthquakes, central banks, football, trials, strikes,
    company results, storms, diplomacy, outbreaks): headline, byline, dateline, 6-15 paragraphs of
    1-3 sentences of 12-35 words. Same-topic stories share vocabulary (high TF-IDF cosine) but not
    long word runs (low shingle Jaccard): the hard negatives. Some are follow-ups of an earlier
    event (same names and numbers, newly composed sentences): still distinct clusters.
  * copies republished by other sites at edit levels light / medium / heavy, and planted kinds
    for containment: trimmed, extended, embedded, update (numbers changed).
  * page furniture: per-document lines ("Story highlights", "Watch: ...") and per-site fixed lines
    that recur on every article of a site, so that unrelated documents share lines.

Order and memory: documents are written as they are made into K temporary bucket files, the
bucket of each chosen by a seeded generator; each bucket (about 64 MB) is then read back,
shuffled in memory and appended to the output. The result is a uniform-looking shuffle of the
whole corpus (copies of one story are not kept near each other) in bounded memory. Randomness
comes only from random.Random instances seeded from --seed, so the same options give
byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import gzip
import io
import json
import math
import os
import re
import sys
import tempfile
import time
from collections import Counter, deque
from random import Random

# --------------------------------------------------------------------------------------------
# Template engine. A template is a string with alternatives "[a|b|c]" (nestable, "" allowed) and
# slots "{name}" filled from the story's context. Compiled once into nested str/tuple/list/Slot
# nodes: str = literal, tuple = sequence, list = pick one, Slot = context lookup.
# --------------------------------------------------------------------------------------------


class FastRandom(Random):
    """random.Random whose integer helpers are built on random(): the library's versions draw
    bits in Python-level loops and cost several times more. The tiny bias of int(random() * n)
    does not matter here; determinism for a given seed does, and is kept."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def sample(self, population, k: int) -> list:
        pool = list(population)
        n, rnd = len(pool), self.random
        for i in range(k):
            j = i + int(rnd() * (n - i))
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def shuffle(self, x) -> None:
        rnd = self.random
        for i in range(len(x) - 1, 0, -1):
            j = int(rnd() * (i + 1))
            x[i], x[j] = x[j], x[i]


class Slot:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return "{" + self.name + "}"


def parse_tpl(text: str):
    def seq(i: int, nested: bool):
        items, buf = [], []
        n = len(text)
        while i < n:
            ch = text[i]
            if ch == "[":
                if buf:
                    items.append("".join(buf))
                    buf = []
                alternatives = []
                i += 1
                while True:
                    node, i = seq(i, True)
                    alternatives.append(node)
                    if text[i] == "]":
                        i += 1
                        break
                    i += 1  # '|'
                items.append(alternatives)
                continue
            if ch == "{":
                j = text.index("}", i)
                if buf:
                    items.append("".join(buf))
                    buf = []
                items.append(Slot(text[i + 1:j]))
                i = j + 1
                continue
            if nested and ch in "|]":
                break
            buf.append(ch)
            i += 1
        if buf:
            items.append("".join(buf))
        if len(items) == 1 and type(items[0]) is str:
            return items[0], i
        if not items:
            return "", i
        return tuple(items), i

    node, end = seq(0, False)
    assert end == len(text), f"unbalanced template: {text!r}"
    return node


# Templates are compiled to Python functions f(ctx, rnd) -> str: an interpreter walking the node
# tree costs about five times more per sentence, and sentence rendering dominates the run time.
# A context value is either a str or such a function.
_CODE_NS: dict = {}
_COMPILED: dict = {}


def _const(value) -> str:
    name = f"_K{len(_CODE_NS)}"
    _CODE_NS[name] = value
    return name


def _expr(node, depth: int = 0) -> str:
    t = type(node)
    if t is str:
        return repr(node)
    if t is Slot:
        return f"(_v if (_v := ctx[{node.name!r}]).__class__ is str else _v(ctx, rnd))"
    if t is list:
        if all(type(x) is str for x in node):
            return f"{_const(tuple(node))}[int(rnd() * {len(node)})]"
        # a chain of conditional expressions evaluates only the chosen branch, without the
        # cost of a function call per alternative
        r = f"_r{depth}"
        branches = [_expr(x, depth + 1) for x in node]
        chain = branches[-1]
        for i in range(len(node) - 2, -1, -1):
            chain = f"{branches[i]} if {r} == {i} else ({chain})"
        return f"(({chain}) if ({r} := int(rnd() * {len(node)})) >= 0 else '')"
    parts = [_expr(x, depth) for x in node]
    return '"".join((' + ", ".join(parts) + ",))"


def _function(node):
    if type(node) is str:
        name = _const(node)
        src = f"def _f(ctx, rnd):\n    return {name}\n"
    else:
        src = f"def _f(ctx, rnd):\n    return {_expr(node)}\n"
    exec(src, _CODE_NS)
    return _CODE_NS.pop("_f")


def compile_tpl(text: str):
    f = _COMPILED.get(text)
    if f is None:
        f = _COMPILED[text] = _function(parse_tpl(text))
    return f


def alts(*texts):
    """A context value: one of several templates, picked afresh on each use."""
    f = _COMPILED.get(texts)
    if f is None:
        fns = tuple(compile_tpl(t) for t in texts)
        n = len(fns)

        def f(ctx, rnd):
            return fns[int(rnd() * n)](ctx, rnd)
        _COMPILED[texts] = f
    return f


def finish_sentence(s: str) -> str:
    """Tidies the seams left by empty alternatives and capitalises the first letter."""
    if "  " in s:
        s = s.replace("   ", " ").replace("  ", " ")
    if " ," in s:
        s = s.replace(" ,", ",")
    if " ." in s:
        s = s.replace(" .", ".")
    if s[0] == " " or s[-1] == " ":
        s = s.strip()
    if s[0] == '"':
        return '"' + s[1:2].upper() + s[2:]
    return s[:1].upper() + s[1:]


# --------------------------------------------------------------------------------------------
# Made-up names. Syllables and word lists written for this project.
# --------------------------------------------------------------------------------------------

ONSETS = ("b", "br", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "pr", "r",
          "s", "st", "t", "tr", "v", "z", "sh", "th", "ch", "j", "y", "w", "c", "ph", "sk", "")
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ia", "ei", "ou", "ay", "ae", "io")
CODAS = ("", "", "", "", "n", "r", "l", "s", "m", "t", "k", "rn", "nd", "st", "v", "sh",
         "rd", "lt", "x", "nt")
SURNAME_ENDS = ("", "", "", "ov", "ez", "son", "elli", "ard", "sen", "ic", "ani", "oulos", "ura",
                "ek", "escu", "inski", "berg", "mann", "oye", "ada", "ari", "enko")
COUNTRY_ENDS = ("ia", "ora", "ova", "stan", "mar", "land", "eria", "ique", "ania", "enia")
COUNTRY_ADJ = {"ia": "ian", "ora": "oran", "ova": "ovan", "stan": "stani", "mar": "marese",
               "land": "landish", "eria": "erian", "ique": "iquan", "ania": "anian",
               "enia": "enian"}
CITY_ENDS = ("ford", "grad", "polis", "vik", "ana", "ton", "burg", "mouth", "abad", "ville",
             "port", "holm", "heim", "ovo", "ara", "ene", "dale", "haven", "bury", "stad", "", "")
CITY_PREFIXES = ("Port ", "San ", "New ", "Saint ", "Lake ", "Fort ", "Upper ", "Old ")
PROVINCE_ENDS = ("shire", "a", "ia", " Valley", " Highlands", " Coast", " Plains", " Hills")
DIRECTIONS = ("northern", "southern", "eastern", "western", "central", "north-eastern",
              "south-western", "north-western", "south-eastern")
CURRENCIES = ("dinar", "crown", "mark", "florin", "lira", "shilling", "peso", "rand", "franc",
              "thaler", "ducat", "sol", "real", "tala")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SOCIAL = ("Chirper", "Facepage", "Instaview", "Tubeline", "Pinboard", "Threadly", "Snapwire")
AGENCIES = (("Meridian Press Agency", "MPA", "meridian-press"),
            ("Kestrel Wire Service", "KWS", "kestrel-wire"),
            ("Orbis Newswire", "ORB", "orbis-newswire"),
            ("Tallow Press", "TP", "tallow-press"),
            ("Lodestar News Agency", "LNA", "lodestar-news"))
SITE_FIRST = ("Harbourline", "Northgate", "Silverbank", "Crescent", "Lantern", "Quillford",
              "Voxmere", "Eastbridge", "Redfern", "Pinecrest", "Bluewater", "Ironvale", "Larkspur",
              "Stonegate", "Brightwell", "Mallow", "Copperfield", "Westmarch", "Highmoor",
              "Ravenmoor", "Fairhaven", "Goldcrest", "Thornbury", "Ashcombe", "Kingsreach",
              "Morrow", "Daybreak", "Horizon", "Keystone", "Tidewater")
SITE_SECOND = ("Times", "Daily", "Courier", "Herald", "Post", "Chronicle", "Observer", "Gazette",
               "Bulletin", "Dispatch", "Journal", "Tribune", "Express", "Monitor", "Ledger",
               "Sentinel", "Record", "Beacon", "Review", "News", "Today", "Online", "24", "Live")


SYLLABLES = [o + v + c for o in ONSETS for v in VOWELS for c in CODAS]
_BAD_NAME = re.compile(r"(.)\1\1|[aeiouy]{4}")


class Names:
    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.rnd = rng.random

    def pick(self, seq):
        return seq[int(self.rnd() * len(seq))]

    def root(self, lo: int = 2, hi: int = 3) -> str:
        rnd, syl = self.rnd, SYLLABLES
        k = len(syl)
        n = lo if lo == hi else lo + int(rnd() * (hi - lo + 1))
        while True:
            w = syl[int(rnd() * k)]
            for _ in range(n - 1):
                w += syl[int(rnd() * k)]
            if 4 <= len(w) <= 10 and not _BAD_NAME.search(w):
                return w.capitalize()

    def first_name(self) -> str:
        return self.root(2, 2)

    def surname(self) -> str:
        w = self.root(1, 2) + self.pick(SURNAME_ENDS)
        return w if len(w) >= 4 else w + "ard"

    def person(self) -> tuple[str, str]:
        s = self.surname()
        return f"{self.first_name()} {s}", s


class Country:
    __slots__ = ("name", "adj", "capital", "cities", "provinces", "currency")


class World:
    """The fixed cast of the corpus: countries with cities, wire agencies and news sites."""

    def __init__(self, rng: Random, num_countries: int = 60, num_sites: int = 48) -> None:
        nm = Names(rng)
        seen: set[str] = set()

        def fresh(make):
            while True:
                w = make()
                if w not in seen:
                    seen.add(w)
                    return w

        def city():
            r = nm.root(1, 2)
            if rng.random() < 0.12:
                return nm.pick(CITY_PREFIXES) + r
            return r + nm.pick(CITY_ENDS)

        self.countries = []
        for _ in range(num_countries):
            c = Country()
            end = nm.pick(COUNTRY_ENDS)
            c.name = fresh(lambda: nm.root(1, 2) + end)
            c.adj = c.name[: -len(end)] + COUNTRY_ADJ[end]
            c.cities = [fresh(city) for _ in range(8)]
            c.capital = c.cities[0]
            c.provinces = [fresh(lambda: nm.root(1, 2) + nm.pick(PROVINCE_ENDS)) for _ in range(4)]
            c.currency = nm.pick(CURRENCIES)
            self.countries.append(c)
        self.agencies = [Site(n, slug, abbr, rng, agency=True) for n, abbr, slug in AGENCIES]
        names = set()
        self.sites = []
        while len(self.sites) < num_sites:
            name = f"{nm.pick(SITE_FIRST)} {nm.pick(SITE_SECOND)}"
            if rng.random() < 0.25:
                name = "The " + name
            if name in names:
                continue
            names.add(name)
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower().removeprefix("the ")).strip("-")
            self.sites.append(Site(name, slug, "", rng))
        self._site_names = [s.name for s in self.sites]
        # Pools of made-up words: picking from them is ~20x cheaper than composing a name each
        # time, and 2,500 x 10,000 full names are plenty.
        self.first_names = list(dict.fromkeys(nm.first_name() for _ in range(2500)))
        self.surnames = list(dict.fromkeys(nm.surname() for _ in range(10000)))
        self.roots = list(dict.fromkeys(nm.root(1, 2) for _ in range(5000)))

    def site_name(self, ctx, rnd) -> str:
        return self._site_names[int(rnd() * len(self._site_names))]


# Site furniture: lines that a site prints on every article (header, footer, promotions).
SITE_FURNITURE_TOP = (
    "Skip to main content", "top_nav_banner", "ugc_banner", "{site} | Latest news and analysis",
    "Home | World | Business | Sport | Opinion", "Breaking news | {site}",
    "You are reading: {site}", "ad_slot_leaderboard")
SITE_FURNITURE_BOTTOM = (
    "Subscribe to {site} for unlimited access", "© {year} {site}. All rights reserved.",
    "Download the {site} app for breaking news alerts", "Sign up for the {site} morning briefing",
    "Follow {site} on {social} and {social2}", "Got a news tip? Write to tips@{slug}.example",
    "Copyright {site}. Reproduction prohibited without permission.",
    "Comments are moderated. Read our community guidelines.",
    "Most read on {site} this week", "Support independent journalism: become a member of {site}")


class Site:
    def __init__(self, name: str, slug: str, abbr: str, rng: Random, agency: bool = False) -> None:
        self.name, self.slug, self.abbr, self.agency = name, slug, abbr, agency
        social = rng.sample(SOCIAL, 2)
        fill = {"site": name, "slug": slug, "social": social[0], "social2": social[1],
                "year": str(rng.randint(2019, 2024))}
        # A third of the sites print no furniture that survives scraping; the rest print one to
        # four fixed lines on (nearly) every article.
        self.furniture_rate = 0.0 if rng.random() < 0.33 else rng.choice((0.8, 0.95, 1.0))
        if agency:
            self.furniture_rate = 0.0
        top = rng.sample(SITE_FURNITURE_TOP, rng.randint(0, 1))
        bottom = rng.sample(SITE_FURNITURE_BOTTOM, rng.randint(1, 3))
        self.top = [t.format(**fill) for t in top]
        self.bottom = [t.format(**fill) for t in bottom]
        self.curly = rng.random() < 0.35
        self.title_case = rng.random() < 0.3
        self.byline = rng.choice(("{site} Web Team", "{site} Staff", "By Staff Reporter",
                                  "{site} News Desk", "person", "person", "none")).replace(
            "{site}", name)
        if agency:  # wire copy: plain quotes, sentence-case headlines, reporters' bylines
            self.curly = self.title_case = False
            self.byline = "person"


# --------------------------------------------------------------------------------------------
# Topics. Each topic has a context builder (names and numbers of one event, kept consistent
# through a story) and templates by role. Template text format: "@role" starts a section, one
# template per line. Roles: headline, lede, body, quote, background, outlook. Alternatives are
# short (mostly <= 4 words) so that two stories of one topic rarely share a 5-word run, while
# the topic words themselves recur.
# --------------------------------------------------------------------------------------------

GENERIC_TEXT = r"""
@site
{site} [has contacted|reached out to|asked] {auth} for [further comment|more details|a response] [but had not received a reply|and will update this story when it hears back|but no response had been received] [by the time of publication|at the time of writing|by late {weekday}].
[Our|This newspaper's|{site}'s] [correspondent|reporter|team] in {city} [described|said] the [mood|atmosphere] [on the streets|in the city|among {people}] as [tense|sombre|uneasy|expectant|subdued] [on|throughout|late on] {weekday}, with [many|several|some] [shops|offices|schools] [closed|shut|staying shut].
[Readers|Several readers|People] in {city2} [told|wrote to|contacted] {site} [to describe|describing] [how|the ways] {ev} had [affected|changed|disrupted] their [daily lives|work|plans for the week], [and|while] [some|others|many] [asked|wanted to know] what [help|support] [would be|was] available.
[Local|Regional|Community] [leaders|councillors|representatives] in {province} [said|told {site}] they [had not been|were not] [consulted|informed|warned] [in advance|beforehand|early enough] and [called for|demanded|asked for] [a public meeting|an inquiry|clearer information] [within days|as soon as possible|this week].
[For|To] [many|most|some] {people} in {city}, {ev} [is|was|has been] [only the latest|the latest in a series of|one more of the] [shocks|upheavals|blows] [in a difficult year|to hit the region|this decade], [a|one] [shopkeeper|resident|teacher|student] [told|said to] {site}.
[What happens next|The coming days|The next steps] will [depend|hinge|rest] [largely|mostly|heavily] on [decisions|choices|statements] [made|taken] in {capital}, [where|and] {auth} [are|were] [expected|due|set] to [meet|issue a statement|speak publicly] [again|later] [this week|on {weekday2}].
This [article|report|story] [draws on|uses|includes] [reporting|material|information] from {site}'s [correspondents|staff|own reporters] in {city} and {city2}, [as well as|along with|plus] [statements|figures|documents] [released|published|issued] by {auth}.
[Here is|This is|Below is] [what we know so far|a summary of what is known|our guide to what is known] about {ev}, [and what|and what may|including what could] [happen next|come next|follow] [for|in] {city} and [the wider region|{province}|the rest of {country}].
[Earlier this week|Earlier this month|Last week|Last month], {site} [reported|revealed|disclosed] that [officials|{auth}] had [been warned|received warnings|been told] [about the risks|of the danger|about the problem] [weeks|months|several days] [before|ahead of] {ev}.
"""

TOPIC_TEXT = {}

TOPIC_TEXT["election"] = r"""
@headline
{cand1_s} [claims victory|declares victory|leads|edges ahead|pulls ahead] in {country} {etype} [vote|election|poll]
{country} [votes|goes to the polls] [amid|as] [economic worries|anger over prices|corruption scandals|security fears]
[Early|Partial|Preliminary] results [show|give] {cand1_s} [lead|edge|advantage] in {country} [vote|election]
{party2} [rejects|disputes|challenges] {country} election [results|count|outcome]
Turnout [hits|reaches|falls to] {turnout}% in {country} {etype} election
{country} [opposition|challenger] {cand2_s} [concedes|refuses to concede|demands recount] [after tight race|as count nears end]
@lede
{country}'s {party1} [appeared set|was on course|looked poised] to [win|secure|take] [the largest share of seats|the most votes|a clear lead] in {weekday}'s {etype} election, [according to|based on] [preliminary|partial|early] results [published|released|announced] by {commission} {when}.
Voters in {country} [cast their ballots|went to the polls|queued outside polling stations] {when} in a [closely fought|bitterly contested|tight|divisive] {etype} election [seen as a test of|widely viewed as a referendum on] [the government's economic record|{cand1_s}'s leadership|years of austerity|the ruling coalition].
[Opposition candidate|Challenger|Former {formerjob}] {cand2} [refused to concede|alleged fraud|called for a recount|conceded defeat] {when} after [official|provisional] figures [gave|showed] {cand1} {pct1} percent of the vote [against|compared with] {pct2} percent for [the challenger|{cand2_s}|the opposition].
{cand1}, [the candidate of|who leads|the leader of] {party1}, [declared victory|claimed a win|told supporters the party had won] in {country}'s {etype} election {when}, [even though|although|while] [counting|the count|the tally] [was|remained] [far from complete|still under way|incomplete in several provinces].
@body
With {counted} percent of [ballots|polling stations|precincts|votes] counted, {cand1_s} [had|held|was on] {pct1} percent [of the vote|of valid ballots|] [while|and] {cand2_s} [trailed with|had|was on] {pct2} percent, {commission} said.
Turnout [stood at|was|reached] {turnout} percent, [up from|down from|compared with] {turnout_prev} percent [at the last election|in the previous vote|in {prev_year}], [the commission|election officials|{commish_s}] said.
[About|Roughly|Some|Nearly] {voters} million people were [registered|eligible] to vote at [more than|over|about] {stations} polling stations [across the country|nationwide|in {nregions} provinces].
[Long queues|Lines of voters|Crowds] [formed|snaked|stretched] outside polling stations in {city} [before dawn|early in the morning|despite heavy rain|in the midday heat], [and some|where several] [stations|centres] [ran short of ballot papers|opened late|stayed open past the deadline].
{party1} [needs|would need|requires] {majority} of the {seats_total} seats in [parliament|the national assembly|the legislature|the lower house] to govern [alone|without coalition partners|without support from smaller parties].
[Observers from|Monitors from|A delegation from] {observers} [said|reported] [the vote had been|voting was] [largely orderly|broadly free and fair|marred by isolated irregularities|generally calm], [though|but] [they|the monitors] [flagged|noted|recorded] [problems with voter lists|delays in the count|cases of vote buying] in {city2}.
{cand2_s}, [a former {formerjob}|who campaigned on {issue}|whose party won {seats2} seats last time], [had promised|pledged|vowed] to [cut taxes|tackle corruption|raise public sector wages|renegotiate foreign debt|reform the police|build new hospitals] [if elected|once in office|within a year].
[Supporters of|Crowds backing] {cand1_s} [gathered|celebrated|danced and waved flags] [outside the party headquarters|in the central square] in {capital} [late into the night|as results came in|after the first figures were released].
[The campaign was dominated by|Campaigning focused on|Voters said their main concerns were] {issue} and {issue2}, [with inflation running at|with unemployment at|as youth unemployment hovered near] {econ_pct} percent.
[Final|Official|Certified] results [are expected|are due|will be announced] [within|in] {days} days, [and|while] [any challenge|a formal complaint|legal challenges] [must be filed|would go] [before|to] the constitutional court [within|in] {days2} days.
[Police|Security forces] [were deployed|were out in force|patrolled] in {city2} [after|following] [clashes|scuffles|confrontations] between [rival supporters|party activists] that left {injured} people [injured|hurt|needing hospital treatment] [the previous week|in the final days of the campaign].
[Analysts|Political scientists|Commentators] [said|noted|cautioned] [the result|a win for {cand1_s}|the margin] [would|could] [reshape|complicate|test] [coalition talks|relations with neighbouring {country2}|the country's bailout programme|economic reforms].
[Several|A number of|Some] [polling stations|voting centres] in {province} [reported|saw] [delays|disputes|power cuts] [during the count|overnight|as ballots were tallied], [and|while] [party agents|observers] [complained|said] they [had been|were] [kept out|denied access|turned away].
{party2} [won|took|secured] {seats2} seats [in the outgoing parliament|at the last election|in {prev_year}] [and|but] [polls|surveys|opinion polls] [before the vote|during the campaign] [had suggested|had shown] [a much closer race|a narrow lead for {cand2_s}|a swing towards the opposition].
@quote
"[This is|Today is] a [victory|win|great day] for [every|each] [citizen|voter|family] [who|that] [wants|believes in|voted for] [change|a fairer country|honest government]," {cand1_s} told [supporters|a cheering crowd|party workers] in {capital}.
"We [will not accept|do not recognise|have serious doubts about] [these figures|this count|the results] [until|unless] [every ballot|every vote] [has been|is] [checked|verified|recounted]," {cand2_s} [said|told reporters] [at a news conference|outside the party offices].
"[The count is proceeding|Counting is going] [smoothly|as planned|without major incidents] [and|but] we [ask|urge] [all parties|everyone|the candidates] to [wait for|respect] the official [results|figures]," said {commish}, [head|chair|president] of {commission}.
"[I voted|I came out|I queued for hours] because [prices keep rising|my children need jobs|nothing has changed in years|I want a government that listens]," said {voter}, a {age}-year-old [teacher|mechanic|nurse|student|shop owner] in {city}.
{cand2_s} [told|said to] [supporters|reporters|party activists] [that|] [the opposition|{party2}] had [evidence|proof|documents] of [ballot stuffing|irregularities|vote buying] in [at least|more than] {nregions2} provinces and would [take the case|go] to [court|the electoral tribunal].
@background
{country}, [home to|a country of|with a population of] [about|some|roughly] {pop} million people, has been [governed|run|led] by {party1} [for the past {yrs} years|since {since_year}|for most of the last decade].
The [previous|last] election in {prev_year} was [marred by|overshadowed by|followed by] [weeks of protests|deadly unrest|street clashes] [that left {prev_dead} people dead|which killed {prev_dead} people|in which {prev_dead} people died].
[Inflation|Living costs|Fuel prices] [soared|rose sharply|climbed steadily] [over the past year|since the last vote|during the campaign], [eroding|squeezing] [household incomes|wages|savings] and [fuelling|stoking] [anger|discontent] [with|at] the [government|ruling party].
[Under|According to] {country}'s [constitution|electoral law], [a president|the winning candidate|a head of state] [may serve|can hold office for] [at most|no more than] two [terms|consecutive terms] of {termlen} years.
@outlook
[Coalition talks|Negotiations on forming a government] [could|are expected to] [take weeks|drag on for months] if [no party wins|neither party secures] an outright majority, [analysts said|diplomats said|observers said].
A [run-off|second round] [between the two leading candidates|between {cand1_s} and {cand2_s}] [will be held|is scheduled|would take place] [on {runoff_date}|within {days} weeks] if no [candidate|one] [wins|secures] more than half the vote.
[Both camps|The two main parties|Party leaders] [called for calm|appealed for calm|urged supporters to stay off the streets] [ahead of|before|pending] the [official results, which are|final results, which are|official announcement, which is] [due|expected] [by|on] {weekday2}.
"""

TOPIC_TEXT["earthquake"] = r"""
@headline
[Powerful|Strong|Deadly|Magnitude {mag}] [quake|earthquake] [strikes|hits|rocks|jolts] {dir} {country}[, {dead} dead|, killing {dead}|]
[Death toll|Toll] from {country} [quake|earthquake] [rises|climbs|jumps] to {dead}
Rescuers [search|dig] [through rubble|for survivors] after {city} [quake|earthquake]
[Thousands|Families] [sleep outdoors|spend night in tents] after {mag} quake [in|near] {city}
{country} [declares|announces] [state of emergency|national mourning] after [deadly|powerful] [quake|earthquake]
Aftershocks [rattle|shake|hit] {city} as [quake|earthquake] toll [reaches|hits] {dead}
@lede
A [powerful|strong|shallow|magnitude {mag}] earthquake [struck|hit|shook|jolted|rocked] {dir} {country} {when}, [killing at least {dead} people|leaving at least {dead} people dead|killing {dead} people and injuring {injured}], [officials said|authorities said|according to the disaster agency|{survey} said].
At least {dead} people [were killed|died|lost their lives] and {injured} [were injured|were hurt|others were wounded] when [an earthquake|a {mag}-magnitude quake|a powerful tremor] [struck|hit|shook] [the area around|a region near|the outskirts of] {city} {when}, [officials|local authorities|emergency services] said.
Rescue teams [worked through the night|dug with bare hands|searched collapsed buildings] in {city} {when} [to reach|looking for|hoping to find] survivors of [a magnitude {mag}|a powerful|a shallow] earthquake that [killed at least {dead} people|has left {dead} people dead|flattened {collapsed} buildings].
[The death toll|The number of dead] from [a|the] magnitude {mag} earthquake in {dir} {country} [rose|climbed|jumped] to {dead} {when}, [as|while] [rescuers|emergency crews|soldiers and volunteers] [pulled more bodies from|continued to search] [the rubble|collapsed homes|flattened villages].
@body
The [quake|tremor|earthquake] [struck|hit] at {time} local time at a depth of {depth} kilometres, [about|some|roughly] {dist} kilometres [from|south of|north of|east of|west of] {city}, [according to {survey}|{survey} said].
[At least|More than|Some] {collapsed} [buildings|homes|houses|structures] [collapsed|were destroyed|were flattened|were badly damaged], [including|among them] [a school|a hospital wing|a mosque|a market hall|an apartment block|a church] in [the centre of|central] {city2}.
[Footage|Video|Images] [shared|posted|broadcast] [on social media|by local television|by state media] [showed|appeared to show] [residents|people|families] [fleeing|running from|scrambling out of] [buildings|their homes|shops] as [walls|facades|roofs] [crumbled|gave way|collapsed] [around them|into the street|behind them].
[About|Some|More than] {rescuers} [rescuers|emergency workers|soldiers and rescue workers] [have been deployed|were sent|were dispatched] to the [worst-hit|hardest-hit|most affected] [areas|districts|villages], [with|along with|backed by] [sniffer dogs|heavy lifting equipment|thermal cameras|helicopters].
[Power|Electricity] and [water|telephone|mobile phone] [services|lines|networks] were [cut|knocked out|disrupted] across [much of|parts of|large areas of] {province}, [hampering|slowing|complicating] [rescue efforts|the relief operation|contact with remote villages].
[More than|At least|Nearly|About] {aftershocks} aftershocks [were recorded|followed|have been felt] [in the hours after|since] the [main|initial|first] [shock|quake], [the strongest|the largest] of [them|which] [measured|registered|reached] {after_mag}.
[About|Some|More than] {displaced} people [spent the night|were sleeping|have taken shelter] [in tents|in cars|in the open|in sports halls and schools] [amid fears of|for fear of|because of] [further aftershocks|more tremors|building collapses][, officials said|, local media reported|].
[Hospitals|Medical centres|Clinics] in {city} [were overwhelmed|struggled to cope|were treating patients in corridors|set up tents in car parks] [as|while] [the injured|the wounded|casualties] [arrived|poured in|were brought in] [from surrounding villages|by ambulance and private car|throughout the night].
[The tremor|The quake|It] was [felt|reported] [as far away as|in] {city3}[ and in neighbouring {country2}|, some {far} kilometres away|], [where|and] [residents|people] [ran into the streets|rushed outdoors|left their homes] [in panic|in their nightclothes|fearing a second shock].
[Roads|Highways|Mountain roads] [leading to|into|connecting] [the epicentre|several villages|the worst-hit towns] were [blocked by landslides|cracked and impassable|cut off by rockfalls], [forcing rescuers to|so aid convoys had to] [travel on foot|rely on helicopters|take long detours].
[The government|{official}] [declared|announced] {mourn} days of national mourning and [released|pledged|promised] {fund} million {currency}s in [emergency aid|relief funds|reconstruction money] for [the affected regions|survivors|families who lost their homes].
[Volunteers|Neighbours|Local men] [formed human chains|used shovels and buckets|worked alongside soldiers] to [clear|remove|shift] [debris|concrete slabs|bricks and timber] [from|off] [a collapsed|a flattened|a damaged] [school|apartment block|hotel] in {city}, [witnesses said|a witness said|according to residents].
@quote
"[We are|We're] [still|] [hearing voices|getting signals|finding people alive] [under the rubble|beneath collapsed buildings|in the debris] and we will [keep working|not stop|carry on] [until|as long as] there is [hope|a chance of finding survivors]," said {rescue_chief}, [who leads|the head of|the commander of] [the rescue operation|the search teams|the civil defence unit] in {city}.
"[Everything|The whole house|Our building] [started shaking|began to shake|swayed] and [then|within seconds] [the walls|the ceiling|the roof] [came down|collapsed|fell in]," said {resident}, a {age}-year-old [shopkeeper|teacher|farmer|taxi driver|nurse|retired engineer] [from|in|who lives in] {city2}.
"[The priority now|Our priority|The most urgent task] is to [save lives|reach people trapped under debris|get shelter, water and food to survivors]," {official} [told reporters|said|told state television] [after visiting|during a visit to|on a tour of] [the disaster zone|{city}|the worst-hit districts].
{official} said the [government|state] would [rebuild|repair|pay for] [every damaged home|destroyed schools and hospitals|the homes of all survivors] and [urged|asked|appealed to] [residents|people|families] to [stay away from|avoid] [damaged buildings|cracked structures] [for now|until inspectors arrive|in the coming days].
"[We have|There is] no [water|electricity|food], [no|and no] [blankets|shelter|news of our relatives], and [the nights are cold|nobody has come to help us|the children are frightened]," {resident} [told|said to] [{outlet}|a local television crew|reporters] [in|near] {city2}.
@background
{country} [sits|lies] [on|along|astride] [several active fault lines|a major fault line|the boundary of two tectonic plates] and is [frequently|often|regularly] [hit|struck|shaken] by [earthquakes|strong tremors|powerful quakes].
In {prev_year}, a [magnitude {prev_mag}|powerful|devastating] [quake|earthquake] [near|in|close to] {city3} [killed more than {prev_dead} people|left nearly {prev_dead} people dead|killed about {prev_dead} people], [prompting|leading to] [stricter building codes|a national review of construction rules|promises to retrofit schools].
[Critics|Engineers|Experts] have [long|repeatedly] [warned|complained|argued] that [building regulations|construction codes|safety rules] [are poorly enforced|are widely ignored|go unenforced] in {country}, [especially|particularly] in [fast-growing|poorer|rural] [towns|districts|areas].
[Many|Most] [homes|houses|buildings] in [the region|{province}|the affected area] are [built of|made from] [mud brick|unreinforced concrete|stone and timber] [and|which] [offer little protection|are vulnerable|collapse easily] [in|during] [strong|powerful] [quakes|tremors].
@outlook
[Officials|Authorities|The disaster agency] [warned|cautioned|said] [the death toll|the number of dead|the toll] [was likely to|could|would probably] [rise|climb|increase] [as|once] [rescuers|crews|teams] [reach|get to] [remote villages|more remote areas|cut-off mountain communities].
[International aid was|Foreign rescue teams were|Foreign assistance was] [expected|due|set] to arrive from {country2} [on|by|later on] {weekday2}, [the foreign ministry said|officials said|according to the government].
[Seismologists|Experts|Geologists] [warned|said] that [strong|further|more] aftershocks [were likely|could follow|remained possible] [for|over] [several days|the coming weeks|days to come] and [advised|urged|told] [residents|people] not to [return|go back] to [damaged|cracked] [homes|buildings].
"""

TOPIC_TEXT["central_bank"] = r"""
@headline
<hike> {bank} [raises|lifts|hikes] [rates|interest rates|key rate] to {rate_new}% [as inflation persists|as price pressures bite|amid stubborn inflation]
<cut> {bank} [cuts|lowers|trims] [rates|benchmark rate] [to {rate_new}%|by {bps} basis points] [to support|to prop up|as] [growth|economy|slowdown]
<hold> {country} [central bank|rate-setters] [hold|keep] [rates|borrowing costs] [steady|unchanged] at {rate_old}%
{bank} [signals|flags|hints at] [more|further] [rate rises|tightening|cuts] [ahead|this year]
{country} {currency} [slides|jumps|rallies|weakens] after [surprise|unexpected] [rate decision|central bank move]
@lede
<hike> {bank} [raised|lifted|increased] its [benchmark|key|main policy] interest rate by {bps} basis points to {rate_new} percent {when}, [its|the] [first|third|latest|largest] [increase|move|hike] [this year|since {since_year}|in {months} months], [in a bid to|as it sought to|aiming to] [tame|curb|rein in] [stubborn|persistent|rising] inflation.
<cut> {country}'s central bank [cut|lowered|reduced] [interest rates|its policy rate|borrowing costs] [for the first time in|for the second time in] [{months} months|over a year|two years] {when}, [saying|arguing|citing] [weakening growth|slowing demand|a cooling labour market] [outweighed|mattered more than] [lingering|remaining] price pressures.
<hold> [Policymakers|Rate-setters|Members of the monetary policy committee] at {bank} [voted|decided] {vote_split} {when} to [keep|leave|hold] [the benchmark rate|interest rates] [at|unchanged at] {rate_old} percent, [defying|surprising|matching] [market expectations|most economists|analysts' forecasts] [of a|for a] [cut|rise|move].
<hike,cut> {bank} [surprised markets|caught investors off guard|stunned traders] {when} [by|with] [a larger-than-expected|an unexpected|an aggressive] [rate increase|rate cut|policy move], [sending|pushing] the {currency} [sharply|{fxmove} percent] {fx_hl} [against the dollar|in early trading|on currency markets].
@body
[Annual|Consumer price|Headline] inflation [stood at|reached|eased to|rose to] {infl} percent in {month_prev}, [well above|still above|more than double] the bank's {target} percent target, [official data showed|figures showed|the statistics office said] [last week|earlier this month|on {weekday2}].
The decision was [taken|reached|made] [by a {vote_split} vote|with a {vote_split} majority] [of|on] the [monetary policy committee|rate-setting board|policy board], with {dissent} [members|dissenters|policymakers] [favouring|preferring|arguing for] [a smaller move|no change|a bigger increase].
[Economists|Analysts|Market watchers] [polled by|surveyed by] {outlet} had [expected|forecast|predicted] [a rise of|a move of|a cut of] [{bps2}|{bps}] basis points, [and|while] [some|a few|a minority] [had bet|were expecting|had predicted] [no change|an even larger move|a pause].
The {currency} {fx_rose} {fxmove} percent [against the dollar|against the euro|on the news] [after the announcement|in afternoon trade|within minutes], [while|and] [government bond yields|two-year yields|bank shares] [climbed|fell|rose sharply|edged lower].
The bank [revised|updated|changed] its [growth|GDP] forecast for [this year|next year|{year}] to {growth} percent [from|compared with] {growth_prev} percent, [citing|pointing to|blaming] [weaker exports|strong consumer spending|higher energy costs|a slowdown in construction].
[Governor|Bank governor|Central bank chief] {governor} [said|told a news conference|told reporters] [the bank|policymakers] [would|stood ready to] [act again|do whatever was needed|move further] [if inflation failed to slow|if price growth proved sticky|should wage growth stay high].
[Mortgage|Borrowing|Lending] rates [for households|for businesses|across the economy] [have more than doubled|have risen sharply|have climbed] [since|over] [the start of the tightening cycle|the past {months} months|early {since_year}], [weighing on|hurting|cooling] [the housing market|consumer spending|business investment].
[Wages|Average earnings|Pay] [rose|grew|increased] {wages} percent [in the year to|over the twelve months to] {month_prev}, [the fastest pace|the quickest rate|the strongest growth] [since records began|since {since_year}|in over a decade], [the statistics office|official figures] [showed|said].
[Core inflation|Underlying inflation|Inflation excluding food and energy], [watched closely|closely monitored|seen as a better gauge] by [policymakers|the bank], [came in at|stood at|was] {core} percent, [against|compared with|versus] {core_prev} percent [the month before|a month earlier|in the previous reading].
[Finance Minister|The finance minister|Treasury chief] {finmin} [welcomed|backed|criticised] the [decision|move], [saying it would protect savers|arguing that it would anchor expectations|warning that it risked hurting small businesses|saying it could choke off the recovery].
@quote
"[Inflation|Price growth] [remains|is still] [too high|well above target|uncomfortably high], and we [will|are determined to] [bring it back|return it] to [target|our goal] [in a timely manner|as quickly as possible|without undue delay]," {governor_s} [said|told reporters|told a news conference].
"[The decision|Today's move|This decision] [was|is] [not an easy one|a difficult balance|finely balanced], but [the risks|the dangers] of [doing too little|acting too late|waiting] [outweigh|are greater than] [those of|the risks of] [doing too much|moving now|acting early]," {governor_s} [added|said].
"[The bank is|Policymakers are|The committee is] [clearly|increasingly] [worried|concerned] about [wage growth|the weak currency|energy prices|the housing market], [and|so] we [expect|see] [at least one more hike|another move|further increases] [before the end of the year|in the coming months|by the summer]," said {economist}, [chief economist at|an economist with|senior analyst at] {bankco}.
@background
{bank} [has raised|has increased|has lifted] rates [by a total of|a cumulative] {total_bps} basis points [since|starting in] {since_year}, [one of the most aggressive|the steepest|among the fastest] [tightening campaigns|series of increases] [in its history|on record|among emerging markets].
[Like|Along with|As with] [many|other|several] central banks [in the region|around the world|across emerging markets], {bank} has [struggled|battled|fought] to [contain|control|curb] [price rises|inflation] [driven by|fuelled by|stoked by] [higher energy costs|a weaker currency|strong demand|supply disruptions].
The {currency} has [lost|shed|given up] {fxyear} percent of its value against the dollar [this year|over the past year|since January], [pushing up|raising|adding to] the cost of [imported|foreign] [goods|fuel|food and fuel].
@outlook
The [next|following] [policy meeting|rate decision|monetary policy meeting] is [scheduled|due|set] for {next_month}, [and|when] [markets|traders|investors] [are pricing in|expect|see] [a further|another|a pause in] [increase|cut|tightening].
[Futures markets|Money markets|Traders] [now|currently] [see|price|expect] [rates|the policy rate] [peaking|bottoming out|settling] [at around|near] {rate_peak} percent [by the end of|in] {year}, [according to|based on] [{outlet} calculations|market data|pricing in swap markets].
"""

TOPIC_TEXT["football"] = r"""
@headline
{team1} [beat|edge|thrash|stun] {team2} {score} [to go top|to stay in title race|in {league} clash|]
{scorer_s} [double|brace|hat-trick|late winner] [fires|sends|lifts] {team1} [past|beyond|above] {team2}
{team2} [held|stunned|beaten] at home as {team1} [win|triumph|snatch] {score}
{team1} [coach|manager] {coach_s} [praises|hails|defends] [players|squad|tactics] after {team2} [win|victory|result]
[Late drama|Stoppage-time goal|Penalty row] as {team1} [beat|see off|overcome] {team2}
@lede
{team1} [beat|defeated|overcame|saw off] {team2} {score} {when} [to move|to climb|to go] [top of|{pts_gap} points clear at the top of|into second place in] the {league}, [with|thanks to] [a double from|two goals from|a late strike by|a fine display from] {scorer}.
{scorer} [scored|struck|netted] [twice|in the {min1} minute|a stoppage-time winner|a header] as {team1} [came from behind|held on|fought back] to [beat|defeat|overcome] {team2} {score} [at|in front of a crowd at] {stadium} {when}.
{team2} [suffered|slumped to|were handed] [a|their] [third straight|first home|heavy|surprise] defeat [of the season|in {n_games} games|this month] {when}, [losing|going down|falling] {score_rev} to {team1} [at|in] {stadium}.
A [late goal|stoppage-time strike|second-half penalty] from {scorer} [gave|handed|earned] {team1} a {score} [win|victory] over {team2} {when}, [keeping|boosting|reviving] [their|the club's] [hopes of|bid for|chances of] [a first title in {title_yrs} years|promotion|European qualification].
@body
{scorer_s} [opened the scoring|put {team1} ahead|broke the deadlock] in the {min1} minute, [turning in|heading home|curling in|firing in] [a cross from|a pass from|a corner from|the rebound after a shot by] {assist}, [before|and] {team2} [levelled|equalised|drew level] [through|via|with a goal from] {scorer2} [shortly before half-time|after the break|in the {min2} minute].
[The|A crowd of|An attendance of] {attendance} [fans|supporters|spectators] [watched|saw] [the game|the match|proceedings] at {stadium}, [where|and] [the home side|{team2}] [had not lost|were unbeaten|had won every game] [since|in] [{since_month}|{n_games} matches|the start of the season].
[The referee|Referee {ref}] [sent off|showed a red card to|dismissed] {team2} [defender|midfielder|captain] {sentoff} [in the {min3} minute|just after the hour|before half-time] for [a second booking|a reckless challenge|a professional foul|dissent].
[The win|The result|Victory] [leaves|lifts|puts] {team1} on {pts} points from {n_games} games, {pts_gap} [ahead of|clear of|behind] [{team3}|second-placed {team3}|their nearest rivals], [who|and they] [play|host|visit] [on|next] {weekday2}.
{team1} [dominated possession|had the better chances|controlled the midfield] [in the first half|for long spells|after the restart], [but|yet|though] {keeper}, [the|{team2}'s] [goalkeeper|keeper], [made|produced|pulled off] [a string of saves|two fine saves|a brilliant stop] to [keep|hold] [the score|them] [level|goalless|close].
[Substitute|Young forward|Winger] {sub} [came on|was introduced|was brought on] [in the {min4} minute|after the hour|for the final twenty minutes] and [hit the post|forced a save|set up the winner|changed the game] [with his first touch|almost immediately|within minutes].
[VAR|The video assistant referee|A video review] [ruled out|disallowed|overturned] [a goal|an equaliser|a penalty] for {team2} [in the {min3} minute|late on|after the break] [for offside|for a handball|after a foul in the build-up], [to the fury of|angering|frustrating] the home [fans|crowd|bench].
{team2} [have now|have] [won only|taken just|collected only] {poor_pts} points from their last {n_games2} [matches|games|league games], [increasing|piling] [pressure on|the pressure on] [coach|manager] {coach2} [after|following] [a poor run|a difficult spell|a bad start to the season].
{scorer_s}, [who joined|signed|who arrived] from {oldclub} [in the summer|last season|in January] [for a reported|for] {fee} million [euros|dollars|pounds], [now has|has now scored|takes his tally to] {goals} [goals|league goals] [this season|in all competitions|in {n_games} appearances].
@quote
"[The lads|The players|The boys] [showed|had|displayed] [great character|real spirit|huge belief] [today|tonight|out there] [after|despite] [going behind|a difficult start|the pressure we were under]," {coach_s} [told reporters|said|told the club's website] [after the match|after the final whistle|afterwards].
"We [made|gave away] [too many|silly|basic] [mistakes|errors] [and|so] [you cannot|you can't] [expect|hope] to [win|get anything] [against a team like that|at this level|in this league] [if you do that|with performances like that]," said {coach2_s}.
"[It's|This is] [a dream|a special night|an amazing feeling] [to score|scoring] [here|at {stadium}|in front of these fans], [but|and] [the most important thing|what matters most] [is|was] the [three points|win|result]," {scorer_s} [said|told a broadcaster|added].
@background
[{team1} last won the title in {title_year}|{team1} have not won the league since {title_year}|{team1} won their last championship {title_yrs} years ago], [and|while] {team2} [finished|ended] [second|fourth|in mid-table] [last season|a year ago] [under|with] {coach2_s}.
{coach_s} [took charge|was appointed|replaced {exmgr}] [in {since_month}|last summer|eighteen months ago] on a [three-year|two-year|four-year] [contract|deal] and has [won|drawn|lost] {record} [matches|games] [in charge|so far].
The two [clubs|sides|teams] [have a long rivalry|contest the {city} derby|last met in the cup], with {team1} [winning|taking] {h2h} of their last {h2h_n} [meetings|encounters|matches].
@outlook
{team1} [travel to|host|face] {team3} [on|next] {weekday2} [before|ahead of] [the international break|a cup tie|their next league game], [while|and] {team2} [visit|play|take on] {team4} [later in the week|at the weekend|next].
[The club|{team2}|Officials] [said|confirmed] {injured_player} [would|will] [undergo|have] [a scan|tests|scans] on [a hamstring|a knee|an ankle|a thigh] [injury|problem] [and|but] [could|may] [miss|be out for] [several weeks|the next {n_out} games|the rest of the month].
"""

TOPIC_TEXT["trial"] = r"""
@headline
<verdict> [Former {defrole}|Ex-{defrole}] {defendant_s} [jailed|sentenced|convicted] [in|over] [{charge} case|{charge} trial]
<opening> {defendant_s} [trial|case] [opens|begins|resumes] in {city} [over|on] [alleged|] {charge}
<verdict> [Court|Judge|Jury] [convicts|acquits|jails] {defendant_s} [of|over] {charge}
<opening> {defendant_s} [denies|rejects|pleads not guilty to] {charge} [charges|allegations] [as trial opens|in court]
<acquitted> {defendant_s} [cleared|acquitted] of {charge} [by|in] {city} court
<opening> Prosecutors [seek|demand|call for] {prison_sought} years for {defendant_s} in {country} {charge} [trial|case]
@lede
<verdict> [A court in {city}|The {court}|Judges in {capital}] [sentenced|jailed] [former {defrole}|ex-{defrole}] {defendant} to {years} years in prison {when} [after finding|having found] [the defendant|{defendant_s}] guilty of {charge} [linked to|involving|over] [a {amount} million {currency} contract|state contracts worth {amount} million {currency}s|a {amount} million dollar scheme].
<opening> The trial of {defendant}, [a former {defrole}|the ex-{defrole}|once a powerful {defrole}], [opened|began|got under way] {when} in {city}, [with prosecutors accusing the defendant of|where prosecutors allege {defendant_s} committed] {charge} [over|during|across] [a period of|more than] {period} years.
<acquitted> {defendant}, [the former {defrole}|an ex-{defrole}|a one-time {defrole}], [was acquitted|was cleared|walked free] {when} of [all|the main|three] {charge} [charges|counts], [after|when] [judges|the court|a panel of judges] [ruled|found] that [prosecutors|the prosecution] had [failed|not managed] to [prove|establish|show] [intent|the case|a link to the payments].
@body
Prosecutors [said|told the court|argued] {defendant_s} had [received|accepted|taken] [kickbacks|bribes|payments] [worth|totalling|of] [about|more than|nearly] {amount2} million {currency}s [from|via|through] [shell companies|intermediaries|a network of front firms] [linked to|controlled by|owned by] {company}.
<verdict,opening> [Defence lawyer|Defence counsel|The defence lawyer] {lawyer} [told|argued before] [the court|judges|the panel] [that|] [the case was|the prosecution was|the charges were] [politically motivated|built on unreliable testimony|based on forged documents] and [said|vowed|announced] [an appeal would follow|the defence would appeal|they would take the case to the supreme court].
<verdict> [Presiding judge|Judge|The presiding judge] {judge} [said|ruled|found] [the evidence|testimony from {n_witness} witnesses|bank records] [showed|proved|demonstrated] that [the defendant|{defendant_s}] had [deliberately|systematically|repeatedly] abused [public office|the post|a position of trust].
<verdict> The [court|judges] also [ordered|imposed|demanded] [the confiscation of|the seizure of|a fine of] {fine} million {currency}s [in assets|in property|and a ban on holding public office for {ban} years].
[More than|Some|Around] {n_witness} witnesses [testified|gave evidence|appeared] [during|over the course of|in] the [trial|hearings], [which|and the proceedings] [lasted|ran for|stretched over] {months} months and [drew|attracted] [wide|intense|national] [public attention|media coverage|interest].
[Supporters|Relatives|Dozens of supporters] of {defendant_s} [gathered|protested|waited] outside [the courthouse|the court building|the {court}] [in {city}|], [holding|waving|carrying] [banners|placards|flags] [and|while] [police|riot police|security officers] [kept watch|stood guard|blocked the entrance].
<verdict> {defendant_s} [sat|stood|listened] [impassively|calmly|with bowed head] [as|while] the [verdict|sentence|ruling] was [read out|delivered|announced], [and was led away|before being led away|and was escorted from the dock] by [guards|police officers|court officers].
The [case|investigation] [began|was opened|started] [in {since_year}|{period} years ago|after an audit] [when|after] [auditors|investigators|a whistleblower] [flagged|uncovered|reported] [irregular|suspicious|inflated] [payments|invoices|transfers] [at|in|linked to] [the ministry|state-owned {company}|the agency the defendant ran].
<verdict> [Two|Three|Several] [co-defendants|other defendants|former aides], [including|among them] {codef}, [received|were given|were handed] [sentences|prison terms|suspended sentences] of [between|up to] {co_years} years, [while|and] [one|another] was [acquitted|cleared|released].
@quote
<verdict> "[This verdict|Today's ruling|This decision] [shows|proves|sends a message] that [no one|nobody] [is|stands] above the law, [however|no matter how] [powerful|senior|well connected] [they are|they may be]," {prosecutor_s}, [the chief prosecutor|the lead prosecutor|a senior prosecutor], [told reporters|said|said outside the court].
<verdict,opening> "[My client|The defendant|We] [has always maintained|have always said|maintain] [his innocence|that the charges are false|that no law was broken] [and|so] we [will|intend to] [appeal|fight this ruling|challenge the verdict] [all the way|at every level|to the highest court]," {lawyer_s} [said|told reporters].
"[I have|I've] [done nothing wrong|served my country honestly|never taken a bribe] [and|so] [history|the people|the truth] will [judge|clear|vindicate] me," {defendant_s} [told the court|said|shouted] [before the verdict was read|as the ruling was read out|after the hearing].
@background
{defendant_s} [served as|was] {defrole} [from {since_year} to {end_year}|between {since_year} and {end_year}] and was [seen as|regarded as|considered] [a possible|a likely|a leading] [presidential candidate|successor to the president|future party leader].
[Anti-corruption|Rights|Transparency] [groups|campaigners|activists] [have long|have repeatedly] [criticised|accused] {country}'s [courts|judiciary|justice system] of [being slow|bowing to political pressure|selective prosecution] [in|when handling] [high-profile|major|politically sensitive] [cases|trials].
{country} [ranks|ranked] [near the bottom|poorly|{rank}] [of|in] [international|global|regional] [corruption|transparency] [rankings|indices|league tables], [and|while] [the government|the president] [has pledged|has promised|has vowed] to [clean up|reform|overhaul] [public procurement|state companies|the civil service].
@outlook
<verdict> [The defence has|{lawyer_s} has|The defendant's lawyers have] {appeal_days} days to [file|lodge|submit] an appeal [with|to|before] the [supreme court|appeals court|higher court], [which|and it] [could|may] [take|last] [months|more than a year] [to|before it can] [rule|decide|reach a decision].
[A separate|Another|A second] [trial|case|investigation] [into|over|concerning] [alleged|suspected] [money laundering|tax evasion|abuse of office] by {defendant_s} [is due to|will|is expected to] [open|start|begin] [in {next_month}|later this year|next month].
"""

TOPIC_TEXT["strike"] = r"""
@headline
[Thousands of|] {sector_workers} [walk out|strike|down tools] [in {country}|across {country}] over [pay|wages|pensions]
{country} {sector} [strike|walkout|stoppage] [enters|reaches] [day {strike_day}|second week|third day]
{union_short} [rejects|turns down|dismisses] [pay offer|government offer|{offer}% offer] as [strike|walkout] [continues|spreads|looms]
[Talks|Negotiations] to end {country} {sector} strike [collapse|stall|resume]
{sector} strike [causes|brings|sparks] [chaos|disruption|delays] [in|across] {city}
@lede
[Tens of thousands of|Thousands of|Some {workers}] {sector_workers} [walked off the job|went on strike|stopped work] across {country} {when}, [demanding|calling for|seeking] [a pay rise of|wage increases of|raises of] {demand} percent [to keep pace with|to match|in line with] [inflation|rising living costs|soaring prices].
A [nationwide|national|{days}-day] strike by {sector_workers} [brought|caused|led to] [widespread disruption|travel chaos|major disruption] to {city} and [other|several|many] [cities|towns|regions] {when}, [after|as] [talks|negotiations] between {union} and {employer} [broke down|collapsed|failed].
{union} [rejected|turned down|dismissed] [a|the] [government's|revised|final] [pay offer|offer] of {offer} percent {when}, [saying|arguing|insisting] [the strike|the walkout|industrial action] [would|will] [continue|go on|be stepped up] [until|unless] [members|workers] [receive|get|are offered] [a fair deal|at least {demand} percent|a better offer].
@body
[The union|{union_short}|{union}], [which represents|representing|whose members include] [about|some|more than] {members} {sector_workers}, [said|claimed|estimated] [that|] [turnout|participation] [in the strike|in the walkout] [was|reached|stood at] [about|more than|nearly] {turnout} percent.
[Only|Just|Fewer than] {service_pct} percent of [scheduled|normal|regular] {svc} [ran|operated|went ahead] {when}, [according to|said] {employer}[, which urged the public to avoid travel|, which advised customers to make other plans|].
[Pickets|Picket lines|Striking workers] [gathered|formed|assembled] [outside|at] [depots|hospitals|ports|schools|the main station] in {city} [from early morning|before dawn|at first light], [carrying|holding|waving] [banners|placards|union flags] [reading|that read|saying] [fair pay now|we cannot live on promises|{demand} percent or nothing].
[Employers|{employer}|Ministers] [say|said|argued] [a rise of|the demand for|paying] {demand} percent [would|could] [cost an extra|cost about|add some] {cost} million {currency}s [a year|annually|to the wage bill] [and|which] [was|is] [unaffordable|impossible|not sustainable] [given|because of] [tight budgets|falling revenue|public debt].
[Real wages for {sector_workers} have fallen|Take-home pay for {sector_workers} has fallen|Pay for {sector_workers} has dropped in real terms] [by about|by nearly|by] {real_fall} percent [since|over] [{since_year}|the past decade|the last five years], [according to|the union said, citing|based on] [union calculations|figures from the statistics office|an independent study].
[Labour Minister|The labour minister|Employment Minister] {minister} [called the strike|branded the strike|described the strike as] [irresponsible|unjustified|a political stunt] and [urged the union to|told the union to|said the union should] [return to|come back to] the [negotiating table|talks] [without preconditions|with realistic demands|this week].
[Commuters|Travellers|Parents|Patients] in {city} [faced|endured|reported] [long delays|cancelled appointments|packed buses|closed schools] {when}, [with|and] [some|many|several] [saying|telling {outlet}] they [supported|sympathised with|were losing patience with] the [strikers|workers|union].
[Business groups|The chamber of commerce|Retailers] [estimated|said|warned] [the strike|each day of the walkout|the stoppage] [was costing|cost|could cost] the economy [about|as much as|more than] {econ_cost} million {currency}s [a day|per day|in lost output].
[The strike|The walkout|Industrial action] is [the biggest|the largest|the longest] [in the {sector} sector|by {sector_workers}|in {country}] [since {since_year}|in more than {decades} decades|in a generation], [and|while] [other unions|teachers and doctors|port workers] have [threatened to join|voted for solidarity action|said they may walk out too].
@quote
"[Our members|Workers|These people] [keep|have kept] [this country|the system|services] running [through|during] [the pandemic|the crisis|every emergency] and [all they ask|they are asking only|what they want] [is|for] [a wage they can live on|fair pay|respect]," said {union_leader}, [general secretary|leader|head] of {union}.
"[The door|Our door] [remains|is] [open|always open], [but|and] [we cannot|the state cannot] [pay|afford] [money we do not have|money that does not exist|rises beyond what the budget allows]," {minister_s} [told parliament|said|told reporters] {when}.
"[I support|I understand|I'm with] the [strikers|workers|{sector_workers}], [but|though] [it has been|it's been] [really hard|a nightmare|exhausting] [getting to work|getting the kids to school|this week]," said {commuter}, a {age}-year-old [office worker|shop assistant|student|cleaner] [in|from] {city}.
@background
[Inflation|Consumer prices|Living costs] in {country} [rose|climbed|reached] {infl} percent [last year|in the year to {month_prev}|at its peak], [the highest|the fastest rate] [in|since] [decades|{since_year}|a generation], [prompting|sparking|triggering] [a wave of|a series of|repeated] [strikes|walkouts|pay disputes] [across|in] the public sector.
[The last|A previous|The most recent] [major|national|big] {sector} strike [in|during] {prev_year} [lasted|went on for|ran for] {prev_days} days and [ended|was settled|finished] [with|after] [a {prev_deal} percent|a two-year|a mediated] [pay deal|agreement|settlement].
@outlook
{union_short} [said|warned|announced] [further|more|rolling] [strikes|walkouts|stoppages] [would|will] [follow|take place|be held] [on|from|next] {weekday2} [if no agreement was reached|unless the offer improves|and could last {days} days].
[A mediator|Mediators|An independent arbitrator] [appointed by|named by|from] [the government|the labour ministry|the courts] [is due to|will|is expected to] [meet|hold talks with|bring together] [both sides|the union and employers] [on|later on|by] {weekday2}.
"""

TOPIC_TEXT["company_results"] = r"""
@headline
{company} [profit|earnings|net income] {rises} {pct_profit}% [on|as|despite] [strong demand|higher prices|weak sales|rising costs]
{company} {beats} [forecasts|estimates|expectations] [as|with] {quarter} [sales|revenue] {rise_v} {pct_rev}%
{company} shares {soar} after [results|earnings|profit warning]
{company} {lifts} [outlook|forecast|guidance] [after|on] {quarter} [results|performance]
<down> {company} [to cut|will shed] {jobs} jobs [as|after] [profit falls|sales slow|results disappoint]
<up> {company} [to hire|will add] {jobs} [staff|workers] as [demand grows|orders surge|sales climb]
@lede
{company}, [the|{country}'s] [largest|biggest|second-largest|leading] {sector_desc}, [reported|posted|announced] a {pct_profit} percent {rise} in {quarter} [net profit|earnings|operating profit] {when}, {helped} [demand|sales|orders] [in|from|across] [its home market|{region_mkt}|overseas markets].
[Shares in|Shares of|Stock in] {company} {soared} [as much as|more than|nearly] {pct_share} percent {when} after [the|the {country_adj}] {sector_desc} {beat} [analysts' forecasts|market expectations|consensus estimates] [for|with its] {quarter} [results|earnings|revenue].
{company} {lifted} its [full-year|annual|{year}] [profit|sales|revenue] [forecast|guidance|outlook] {when} [after|as] [reporting|posting|unveiling] {better} {quarter} results, [citing|pointing to] {reason}.
@body
[Revenue|Sales|Turnover] {rose} {pct_rev} percent to {revenue} billion {currency}s [in the quarter|in the three months to {month_prev}|over the period], [compared with|against|versus] {revenue_est} billion [expected by analysts|forecast by analysts|in a poll by {outlet}].
[Net profit|Net income|Profit attributable to shareholders] [came in at|was|reached|totalled] {profit} million {currency}s, {updown} from {profit_prev} million [a year earlier|in the same period last year|a year ago].
[Chief Executive|CEO|Chief executive officer] {ceo} [said|told analysts|told investors] [on a conference call|in a statement|during a call with analysts] [that|] [the company|the group|{company_s}] had [gained market share|benefited from higher prices|faced tough conditions|seen demand recover] [in|across] [its main markets|{region_mkt}|every division].
[Operating margin|The operating margin|Gross margin] {widened} to {margin} percent from {margin_prev} percent, [as|while] [the company|{company_s}] [cut costs|raised prices|absorbed higher costs|spent more on marketing] [and sold more|while shipping fewer|and delivered more] [units|products|contracts].
{company_s} [said|announced|confirmed] it [would|will|plans to] [buy back|repurchase] [up to|as much as] {buyback} million {currency}s of [its own|] shares and [raise its dividend to|increase the payout to|keep the dividend at] {dividend} {currency}s [a share|per share].
[Analysts|Investors|Market watchers] [had been|were] [worried|concerned|cautious] about [slowing demand|rising debt|competition from cheaper rivals|the cost of a big acquisition] [after|following] [a weak|a disappointing|a difficult] [previous quarter|first half|year].
The [company|group] [also|] [said|announced|disclosed] [plans|a plan] to {jobs_verb} [about|some|up to] {jobs} jobs [by {year}|over two years|in the coming months], [mostly|mainly|largely] [at its {city} headquarters|in factories in {city2}|in administrative roles|in sales teams].
[Chief Financial Officer|CFO|Finance chief] {cfo} [said|told reporters|warned] [that|] [costs|higher interest rates|currency swings] [would|could|may] [weigh on|hurt|pressure] [profits|margins|results] [in the second half|next year|in coming quarters], [but said that|adding that|while noting that] [demand|orders|bookings] [remained|stayed] [solid|healthy|resilient].
[The|Its] [{division} division|{division} business|{division} unit], [which accounts for|making up|responsible for] [about|roughly|nearly] {div_share} percent of [group sales|revenue|turnover], [posted|reported|saw] a {pct_div} percent {rise} in [sales|profit|orders].
@quote
"[We delivered|We had|We posted] {resilient} [despite|in spite of|against] [a tough|a challenging|an uncertain] [market|environment|backdrop], [and|so] we [remain|are] [confident|optimistic] about [the rest of the year|our full-year targets|the outlook]," {ceo_s} said [in a statement|on a call with analysts|].
"The [numbers|results|figures] were {better_w} than [feared|expected|the market thought], [but|and] the [real question|key issue|bigger concern] is [whether|how long] [demand|margins|growth] can [hold up|last|recover] [into next year|once prices fall|given the debt load]," said {analyst}, [an analyst at|a fund manager at|head of research at] {bankco}.
@background
{company_s}, [founded|established|set up] [in|in the year] {founded} [in|and based in|and headquartered in] {city}, [employs|has] [about|some|more than] {employees} [people|staff|workers] [in|across] {n_countries} countries and [makes|sells|produces] {products}.
[Its shares have|The stock has|The shares have] {gained} {pct_ytd} percent [so far this year|since January|over the past twelve months], [compared with|against|versus] a {pct_index} percent [move|change|shift] in the [benchmark index|broader market|main {country_adj} index].
@outlook
{company_s} [now expects|now sees|forecasts] [full-year|annual|{year}] [revenue|sales|operating profit] [of|between] {guid_lo} [and|to] {guid_hi} billion {currency}s, {above} [the|its] [previous|earlier|prior] [forecast|guidance|range].
The [company|group] will [hold|host|present] [a capital markets day|an investor day|a strategy update|its annual investor day] [in {next_month}|later this year|next month], [where|at which] [it|management] [is expected to|will|plans to] [set out|unveil|detail] [new|longer-term|updated] [targets|plans|goals].
"""

TOPIC_TEXT["storm"] = r"""
@headline
{storm} [slams|batters|lashes|hits] {dir} {country}[, {dead} dead|]
{storm} [forces|prompts] [evacuation|evacuations] of {evacuated} [people|residents] in {country}
[Floods|Flooding|Winds] [leave|cut|knock out] [power|electricity] [to|for] {no_power} homes [after|as] {storm} [hits|passes]
{country} [braces|prepares] for {storm} as [storm|cyclone] [strengthens|nears|approaches]
[Death toll|Toll] from {storm} [rises|climbs] to {dead} in {country}
@lede
{storm} [slammed into|made landfall on|swept across|battered] [the coast of|] {dir} {country} {when} with [winds of up to|gusts reaching|sustained winds of] {wind} kilometres per hour, [killing at least {dead} people|leaving {dead} dead|forcing {evacuated} people from their homes], [officials said|authorities said|according to the weather service].
[At least|More than|Nearly] {evacuated} [people|residents|families] [were evacuated|fled their homes|moved to shelters] in {dir} {country} {when} as {storm} [approached|neared|bore down on] [the coast|{city}|the region], [bringing|with|packing] [torrential rain|destructive winds|a storm surge of {surge} metres].
[Floodwaters|Rising rivers|Torrential rain] [brought by|from|left by] {storm} [inundated|submerged|swamped] [large parts of|low-lying areas of|villages around] {city} {when}, [killing|and killed] [at least|] {dead} people [and|while] [cutting power to|leaving without electricity] {no_power} homes.
@body
[The weather service|{weather_agency}|Forecasters at {weather_agency}|The meteorological office] [said|reported|recorded] [up to|more than|as much as] {rain} millimetres of rain [fell|had fallen] [in|on|across] [{city}|the coastal districts|{province}] [in|within|over] [24 hours|a single day|twelve hours], [more than|nearly|about] [a month's|two months'] [worth|average] [of rainfall|].
[Trees|Power lines|Billboards|Roofs] were [torn down|ripped off|uprooted|blown away] [across|throughout|in] {city}, [blocking|closing|cutting off] [roads|highways|streets] and [trapping|stranding] [motorists|residents|villagers] [in|inside] [cars|their homes|flooded areas].
[About|Some|More than] {no_power} [homes and businesses|households|customers] were [without power|without electricity|left in the dark] [on {weekday}|overnight|by {weekday} evening], [the state power company|the utility|the grid operator] said, [adding|warning|saying] [that|] [repairs|reconnection] [could|would|might] take [days|several days|up to a week].
[Rescue teams|Soldiers|Coastguard crews] [used|deployed|brought in] [boats|helicopters|inflatable rafts] to [reach|evacuate|rescue] [people|families|residents] [stranded|stuck|trapped] on [rooftops|upper floors|high ground] [in|around|near] {city2}, [officials said|local media reported|according to the civil protection agency].
[Airports|Ports|Schools and offices] in {city} [were closed|shut|suspended operations] [on {weekday}|ahead of the storm|for a second day], [and|while] [more than|about|some] {flights} [flights|ferry crossings|train services] were [cancelled|suspended|called off].
[The storm|{storm}] [weakened|lost strength|was downgraded] [after moving|as it moved] [inland|over land|north] [on {weekday2}|overnight|later], [but|though] [forecasters|the weather service|meteorologists] [warned|said] [heavy rain remained|flash floods were still|landslides remained] [a risk|a danger|possible] [in|for] [hilly areas|{province}|river valleys].
[Farmers|Growers|Rice farmers] in {province} [said|reported|feared] [that|] [crops|harvests|fields] [worth|valued at] [an estimated|about|some] {crop_loss} million {currency}s [had been|were] [flattened|destroyed|washed away] [by|in] the [winds|floods|storm].
[Shelters|Evacuation centres|Schools turned into shelters] [in|around] {city} [were|are] [full|overcrowded|running short of supplies], with [families|evacuees|residents] [sleeping|bedding down|waiting] [on floors|in corridors|in tents] while [volunteers|aid workers|the Red Crescent] [handed out|distributed|brought] [food|water|blankets].
@quote
"[The water|The river|The sea] [came up|rose|rushed in] [so fast|within minutes|in the middle of the night] [that|and] we [had no time|could not save anything|only just got out]," said {resident}, a {age}-year-old [fisherman|shop owner|mother of three|farmer] [in|from] {city2}, [who was|now] [staying in a shelter|sheltering in a school|living with relatives].
"[We|Our teams] [are doing everything we can|have been working around the clock|are stretched to the limit], but [the scale of|the extent of] [the damage|the flooding|the destruction] is [enormous|unprecedented|huge]," {official} [told reporters|said|told a news briefing].
{official} [urged|asked|told] [residents|people|the public] [to stay indoors|not to return home yet|to avoid flooded roads] [until|while] [the|] [warnings|alerts] [were|remained] [lifted|in force|in place], [saying|and said] [that|] [more|further] [rain|storms|flooding] [was|were] [forecast|expected|on the way].
@background
{country} is [hit|struck|battered] by [about|around|an average of] {storms_year} [tropical storms|typhoons|cyclones] [a year|each year|every season], [and|while] [scientists|climate experts|researchers] say [warmer seas are making|climate change is making|rising ocean temperatures are making] [them|storms] [stronger|wetter|more intense].
[In {prev_year}|Two years ago|The last time a storm of this size hit], {prev_storm} [killed more than {prev_dead} people|left about {prev_dead} people dead|killed nearly {prev_dead} people] and caused [damage|losses] [estimated at|worth|of about] {prev_loss} billion {currency}s.
@outlook
[The weather service|{weather_agency}|Forecasters] [kept|maintained|issued] [a red alert|its highest warning|flood warnings] for {province} and [warned|said|cautioned] [more|further|heavy] rain [was|is] [expected|forecast|likely] [through|until|over] {weekday2}.
[The government|{official}] [said|promised|announced] [emergency|relief|compensation] [funds|payments|aid] [would|will] [be|] [released|paid|made available] [to|for] [affected|flooded|displaced] [families|households|farmers] [within|in|over] [days|a week|the coming days].
"""

TOPIC_TEXT["diplomacy"] = r"""
@headline
<deal> {country} and {country2} [agree|sign|seal] [{deal}|deal on {deal_topic}|pact on {deal_topic}]
<row> {country} [summons|expels|recalls] [{country2_adj} envoy|ambassador] over {dispute}
<talks> {country} [hosts|holds] [talks|summit] with {country2} [on|over] {deal_topic}
<talks,row> [Foreign ministers|Leaders|Envoys] of {country} and {country2} [meet|hold talks] [in {summit_city}|amid tension]
<talks> {country}, {country2} [fail to agree|make progress|vow to resume talks] [on|over] {deal_topic}
@lede
<deal> {country} and {country2} [signed|agreed|concluded] {a_deal} {when} [after|following] {talk_days} days of talks in {summit_city}, [ending|easing|resolving] [a|years of|a long-running] [dispute|standoff|row] over {deal_topic} [that|which] had [strained|soured|damaged] [relations|ties] between [the two countries|the neighbours].
<row> {country}'s [foreign ministry|government] [summoned|called in|expelled] [the|] {country2_adj} [ambassador|envoy|chargé d'affaires] {when} [to protest|over|in protest at] {dispute}, [in|marking] [the latest|a new|a sharp] [escalation|downturn|twist] [in|of] [tensions|the row|the dispute] between the [two|neighbouring] [countries|capitals].
<talks> [Foreign ministers|Top diplomats|Senior envoys] from {country} and {country2} [met|held talks] in {summit_city} {when} [in an effort|in a bid|seeking] to [revive|restart|advance] [stalled|frozen|long-delayed] [negotiations|talks] on {deal_topic}, [officials said|diplomats said|according to both governments].
@body
<deal> [The agreement|The deal|The accord] [sets out|covers|lays out] [rules|plans|terms] for {deal_topic} [and|including|as well as] [a joint commission|a timetable|a monitoring mechanism] [to oversee|to supervise|to check] [implementation|progress|compliance] [over the next|within|during the first] {years} years.
{fm1}, {country}'s foreign minister, [said|told reporters|told a joint news conference] [the talks had been|the meeting was|the negotiations had been] [frank|constructive|difficult but useful] [and|but] [that|] [differences|disagreements|gaps] [remained|persisted|still existed] [on|over] [several issues|key points|the details].
[Trade|Bilateral trade|Commerce] between [the two|the neighbours|{country} and {country2}] [reached|was worth|amounted to] [about|some|nearly] {trade} billion dollars [last year|in {prev_year}|a year], [making|and] {country2} [one of|] [{country}'s|the] [largest|biggest|second-largest] [trading partners|export markets|sources of imports].
[The row|The dispute|Tensions] [began|erupted|flared] [in {since_month}|last year|earlier this year] [when|after] {country2} [accused|blamed|criticised] {country} [of|for] [violating|breaching|ignoring] [an earlier agreement|the border treaty|fishing rules|airspace rules] [near|around|close to] {border_place}.
<deal> [Under|According to] the [deal|terms|agreement], {country} [will|agreed to] [reopen|open|lift restrictions on] [border crossings|its ports|air links] [at|near|around] {border_place}, [while|and] {country2} [will|agreed to] [release|free|return] {detainees} [detained|arrested|held] [citizens|fishermen|nationals].
<deal> [Diplomats|Officials|Western diplomats] [said|noted|cautioned] [the|] [agreement|deal|breakthrough] [was|had been] [brokered|helped along|made possible] [by|with the help of] {mediator}, [which|after it] [had|] [hosted|facilitated|mediated] [several|months of|a series of] [rounds|meetings|secret contacts].
<deal,talks> [Opposition politicians|Critics|Nationalist groups] in {country2} [denounced|criticised|attacked] [the deal|the agreement|the talks] [as|for being] [a surrender|too generous|a betrayal|a sell-out], and [called for|demanded|threatened] [a referendum|a parliamentary vote|street protests] [on|over|against] [it|the terms].
[The two|Both] [leaders|ministers|delegations] [also|] [discussed|agreed to cooperate on|talked about] [energy|security|migration|water sharing] [and|as well as] [plans|proposals] [for|to build] [a new|a joint] [pipeline|railway|power line|border bridge] [linking|connecting] {city} [with|to] {city_b}.
@quote
<deal> "[This agreement|Today's deal|This accord] [opens|marks|is] [a new chapter|a turning point|an important step] in [relations|ties] between [our peoples|our two countries|our nations]," {fm1_s} [said|told reporters|said at a signing ceremony] in {summit_city}.
<row,talks> "We [will not|cannot|refuse to] [accept|tolerate|ignore] [any|further] [violation|breach|infringement] of [our sovereignty|our territory|our borders] [and|but] [we remain|we are|our door is] [open to|committed to|ready for] [dialogue|talks|diplomacy]," {fm2}, {country2}'s foreign minister, said.
"[Both sides|The two governments|Both capitals] [have|had] [strong|good|political] [reasons|incentives] to [settle|cool|end] [this|the dispute] [now|before the elections|this year], [but|though] [implementation|the details|trust] will be [the real test|difficult|the hard part]," said {expert}, [an analyst|an expert|a senior fellow] at {thinktank}.
@background
{country} and {country2} [share|have] a {border_len}-kilometre border [and|that] [fought|went to war|clashed] [in|over it in] {war_year}, [and|since when] [relations|ties] [have|had] [swung between|alternated between|been marked by] [cooperation|détente|thaw] and [hostility|open rivalry|bitter disputes].
[Previous|Earlier|Past] [attempts|rounds of talks|efforts] [to resolve|to settle|to end] the [dispute|row|question] [in {prev_year}|a decade ago|several years ago] [collapsed|broke down|failed] [over|amid|because of] [disagreements|differences|a row] [over|about] [compensation|the sequencing of steps|water rights|the status of {border_place}].
@outlook
<deal> [The agreement|The deal|The accord] [still|] [needs|must|has to] [be ratified|win approval|be approved] by [the parliaments of both countries|{country2}'s parliament|lawmakers in both capitals], [which|and that] [could|may|is expected to] take [months|weeks|until the end of the year].
[The two|Both] [sides|ministers|governments] [agreed|said they would|plan] to [meet again|hold another round|continue talks] in {city_b} [in {next_month}|next month|within weeks], [officials said|diplomats said|according to a joint statement].
"""

TOPIC_TEXT["outbreak"] = r"""
@headline
{disease} [outbreak|cases] [spreads|spread|surges|rise] in {dir} {country}[, {deaths} dead|]
{country} [confirms|reports|records] {cases} [new|more] {disease} cases
[Health officials|Doctors] [warn|raise alarm] as {disease} [spreads|cases climb] in {city}
{country} [launches|starts|begins] [vaccination|vaccine] [drive|campaign] [against|to stop] {disease} [outbreak|spread]
{disease} [death toll|deaths] [rise|rises|climbs] to {deaths} in {country} [as|amid] [hospitals fill|outbreak spreads]
@lede
[Health authorities|The health ministry|Officials] in {country} [confirmed|reported|recorded] {cases} [cases|infections] of {disease} {when}, [including|with|and] {deaths} deaths, [as|while] [an outbreak|the outbreak|the disease] [spread|moved|widened] [from|beyond] {city} to [several|neighbouring|other] [districts|provinces|towns].
[The number of|Confirmed] {disease} [cases|infections] in {dir} {country} [rose|climbed|jumped] to {cases} {when}, [up from|from|compared with] {cases_prev} [a week ago|last week|ten days earlier], [prompting|leading|causing] [officials|the government|health authorities] to [declare|announce|impose] [an emergency|a state of alert|restrictions] in {province}.
{country} [began|launched|started] [a mass|an emergency|a door-to-door] vaccination [campaign|drive|programme] [against|to contain|to halt] {disease} {when}, [aiming|hoping|planning] to [reach|vaccinate|immunise] {vacc_target} [people|children|residents] [in|across] {province} [within|in|over] {weeks} weeks.
@body
[Most|Many|The majority] of the [cases|infections|patients] [have been|were] [recorded|reported|found] [in|among] [crowded|poor|informal] [neighbourhoods|settlements|districts] [of|around|on the outskirts of] {city}, [where|and] [clean water|sanitation|access to health care] [is|remains] [scarce|limited|poor].
[Symptoms|Signs of the disease] [include|are] [high fever|fever and headaches|severe diarrhoea|a rash and fever] [and|as well as|followed by] [vomiting|muscle pain|dehydration], [and|while] [children|the elderly|people with weak immune systems] are [most|especially|particularly] [at risk|vulnerable].
[Hospitals|Clinics|Treatment centres] in {city} [are|were] [overwhelmed|at capacity|struggling to cope], [with|and] [some|several|many] [patients|people] [treated|being cared for|lying] [in corridors|in tents|on floors] [and|while] [staff|doctors|nurses] [work|worked] [double shifts|around the clock|without rest].
[The {who}|The regional health body|A {who} team] [said|reported|confirmed] [it had|it has|it was] [sent|deployed|dispatched] [experts|a team|epidemiologists] [and|along with] {doses} [doses of vaccine|vaccine doses|treatment kits] [to|into] {country} [to help|to support|to assist] [local authorities|the response|contact tracing].
[The|A] [case fatality rate|death rate|proportion of deaths] [stood at|was|is] [about|around|nearly] {cfr} percent, [higher than in previous outbreaks|well above the regional average|close to what doctors had expected], [which experts blamed on|which officials attributed to|which experts linked to] [late treatment|poor access to care|malnutrition].
[Schools|Markets|Places of worship] in [the worst-hit|affected|several] [districts|areas|neighbourhoods] [were|have been] [closed|shut|ordered to close] [for two weeks|until further notice|until the end of the month], [and|while] [public gatherings|large events|weddings and funerals] [were|have been] [restricted|banned|limited].
[Health workers|Teams of volunteers|Community health staff] [are|have been] [going door to door|visiting homes|tracing contacts] [in|across] {city2} [to|in order to] [find|identify|isolate] [new cases|suspected cases|people with symptoms] [and|as well as] [distribute|hand out|provide] [soap|water purification tablets|information leaflets].
[Laboratory tests|Genetic sequencing|Tests at the national laboratory] [confirmed|showed|found] [that|] [the|this] [outbreak|strain] [is|was] [linked to|related to|similar to] [a strain|one] [seen|identified|detected] in {country2} [in {prev_year}|last year|earlier this year], [officials said|the ministry said|scientists said].
@quote
"[We are|We're] [seeing|dealing with] [more|new] [cases|patients] [every day|each day|daily] [and|but] [our|the] [resources|beds|staff] are [stretched|limited|running out]," said {doctor}, [a doctor|the director|a senior physician] at [the main hospital|a treatment centre|a clinic] in {city}.
"[The outbreak|The situation|The spread] [is|remains] [serious|worrying|a concern] but [it can be|this can be|it is] [contained|controlled|brought under control] if [people|communities|everyone] [follow|respect] [the|] [hygiene|health] [advice|guidelines|measures]," {health_min} [told reporters|said|said in a televised address].
"[My son|My mother|Our neighbour] [fell ill|got sick|developed a fever] [on|last] {weekday} [and|but] [there was|we found] no [bed|doctor|room] [at the clinic|at the hospital|anywhere nearby]," said {resident}, a {age}-year-old [resident|mother|trader] [of|in] {city2}.
@background
{disease} is [spread|transmitted|passed on] [through|by|via] [contaminated water|mosquito bites|close contact|contaminated food], [and|while] [outbreaks|epidemics] [are|tend to be] [common|frequent|recurrent] in [the region|{country}] [during|after] [floods|the rainy season|droughts].
[The last|A previous|The most recent] [major|large|serious] outbreak [in {country}|of {disease}] [in|during] {prev_year} [killed|infected|sickened] [more than|about|nearly] {prev_cases} people [and|before it] [was|was finally] [brought under control|declared over|contained] [after|within] {prev_months} months.
@outlook
[Officials|The ministry|Health authorities] [said|warned|expected] [case numbers|infections|the number of cases] [could|would|were likely to] [keep rising|rise further|peak] [in|over|during] the [coming|next] [weeks|two weeks|month] [before|until] [the vaccination campaign|control measures] [took|take|began to take] effect.
[The government|{health_min}|The health ministry] [asked|appealed to|called on] [international donors|aid agencies|foreign governments] for {appeal} million dollars [to fund|to pay for|for] [vaccines|treatment centres|clean water projects] [and|as well as] [extra|additional|more] [health workers|medical staff|equipment].
"""


# More templates per topic (a long story draws 25-30 sentences; repeated sections append).
GENERIC_TEXT += r"""
@context
[Social media|Online forums|Messaging groups] in {country} [filled with|were flooded with|lit up with] [comments|videos|posts] about {ev} [within hours|by {weekday} evening|soon after the news broke], with [many|some] {people} [expressing|voicing|sharing] [anger|concern|frustration|relief].
[A spokesperson|A spokeswoman|A spokesman] for {auth} [declined to comment on|did not respond to questions from {outlet} about|said more details would follow on] [the figures|the timing|the next steps|the latest reports] [on {weekday}|late on {weekday}|on {weekday} evening].
<hard> [Neighbouring|Nearby] {country2} [said|announced|signalled] it was [following|monitoring|watching] [developments|the situation|events] in {country} [closely|carefully|with concern] [and|but] had not [changed|issued|updated] [its own|any] [plans|travel advice|guidance] [so far|yet|for now].
<hard> [State television|Public radio|The national broadcaster] [interrupted|cleared|suspended] its [regular|scheduled|normal] [programmes|broadcasts|schedule] [on|late on] {weekday} to [cover|report on] {ev}, [showing|airing|broadcasting] [live pictures|interviews|footage] from {city}.
<hard> [In|Across] {city3}, [about|some|roughly] {ctxnum} kilometres [from|away from] {city}, [life|business|traffic] [continued|carried on|went on] [largely as normal|as usual|with little disruption] [on|by] {weekday}, [residents|shopkeepers|local officials] [said|told {outlet}].
<hard> [Opposition|Rival|Independent] [politicians|lawmakers|figures] [seized on|questioned|criticised] [the handling of|the official response to|the government's response to] {ev}, [saying|arguing|claiming] [officials|ministers|{auth}] had [been too slow|misjudged the situation|ignored earlier warnings].
<hard> [It was|It is] [not immediately clear|unclear|not yet known] [how|whether|when] {ev} would [affect|change|influence] [plans|decisions|the timetable] [for|in] [the coming weeks|the rest of the year|{country}'s budget], [analysts|observers|officials] said.
"""

TOPIC_TEXT["election"] += r"""
@body
[Election officials|Poll workers|Staff at polling stations] [worked through the night|began counting as soon as polls closed|counted by lamplight in some villages] [in|across] {province}, [where|and] [turnout|participation] [appeared|was reported to be] [higher than the national average|lower than the national average|well above the national average|well below the level in the capital].
[Young voters|First-time voters|Voters under thirty], [who make up|accounting for|representing] [about|nearly|roughly] {youth_pct} percent of the [electorate|roll|registered voters], [were|had been] [courted|targeted|wooed] [heavily|aggressively|on social media] [by both campaigns|during the campaign|in the final weeks].
[Exit polls|Surveys taken as voters left polling stations] [published|broadcast|released] by [{outlet}|state television|a private broadcaster] [suggested|showed|pointed to] [a closer race|a narrower margin|a wider gap] than [the official count|early results|first figures] [indicated|suggested|showed].
{cand1_s} [cast a ballot|voted] [in|at a school in] [{city}|{city2}|the capital] [early in the day|shortly after polls opened|in the morning], [accompanied by|flanked by|surrounded by] [family members|party officials|a crowd of reporters and photographers].
@quote
"[Whatever|However] the [result|final count|outcome], [the country|{country}|our democracy] [needs|must have] [a peaceful transfer of power|calm|unity] [in the days ahead|after this campaign|now]," said {commish_s}, [urging|calling on|asking] [all sides|candidates|supporters] to [respect|accept|wait for] the [count|official figures].
@background
[The|This] [campaign|race] was [the most expensive|the most divisive|among the most bitter] in {country}'s [recent|modern] history, with [both|the main] [parties|camps] [spending heavily on|trading accusations over|holding mass rallies during] [television advertising|corruption claims|the final weeks].
"""

TOPIC_TEXT["earthquake"] += r"""
@body
[Engineers|Building inspectors|Teams of surveyors] [began|started|were sent to begin] [inspecting|assessing|checking] [damaged|cracked|standing] [buildings|homes|bridges] in {city} [on|by|late on] {weekday2}, [marking|tagging|labelling] [unsafe|dangerous] [structures|homes] [with red paint|for demolition|with warning signs].
[The|A] [quake|tremor] [also|] [damaged|cracked|closed] [a|the] [main|regional|key] [highway|airport runway|railway line|dam] [near|outside|north of] {city2}, [officials|engineers|the transport ministry] said, [though|but] no [casualties|injuries] were [reported|recorded] there.
[Blood banks|Hospitals|Aid groups] [appealed|called|asked] for [blood donations|volunteers|medical supplies] [as|while|after] the [number of injured|number of wounded|casualty count] [kept rising|grew|climbed] [through the day|during the night|on {weekday}].
[Schools|Universities|Government offices] in {province} [will remain|were ordered to stay|stayed] [closed|shut] [for at least a week|until further notice|until the end of the month] while [engineers|inspectors|officials] [check|assess|examine] [their buildings|the damage|safety].
[Survivors|Families|Residents] [queued|waited|lined up] for [bread|water|blankets|tents] [handed out|distributed] by [soldiers|aid workers|the Red Crescent|volunteers] [at|in] [a stadium|a school yard|the main square] in {city}[ on {weekday2}| overnight|].
@quote
"[I|We] [lost|have lost] [everything|our home|my shop] in [a few seconds|seconds|a moment], [but|and] [we are alive|my children are safe|at least we survived], [and that is what matters|so I am grateful|and we thank God]," said {resident}, a {age}-year-old [mother|father|pensioner|student] in {city}.
"""

TOPIC_TEXT["central_bank"] += r"""
@body
[Retail sales|Industrial production|Consumer confidence] [fell|rose|slipped|climbed] {indic} percent in {month_prev}, [data released last week showed|figures published earlier this month showed|official figures showed], [adding to concerns about a slowing economy|easing fears of overheating demand|complicating the outlook for policymakers].
[Some|Several|A few] [economists|analysts|market strategists] [criticised|questioned|welcomed] the [bank's|central bank's] [communication|guidance|timing], [saying|arguing] [it had|that it had] [confused|surprised|reassured] [markets|investors] [with mixed signals|after its previous statements|with a clear message].
The [government's|state] [budget deficit|borrowing|public debt] [is|stands at|has risen to] [about|roughly|nearly] {deficit} percent of [GDP|gross domestic product|economic output], [limiting|constraining|complicating] [room for|the scope for|plans for] [tax cuts|extra spending|fiscal support].
[Banks|Lenders|Commercial banks] [said|announced|signalled] they [would|will] [pass on|adjust|reflect] [the change|the move|the decision] in [their lending rates|deposit rates|mortgage offers] [from next week|starting on {weekday2}|from the start of next month].
[House prices|Property prices|Home sales] in {capital} [have|had] [fallen|dropped|cooled|risen] {house} percent [from their peak|from a year earlier|since last spring], [according to the statistics office|according to an industry survey|data from a property portal showed].
@quote
"[The|This] [move|decision] was [well|largely|broadly] [telegraphed|expected|priced in], [and|so] [the reaction|the market reaction] [should be|was|will be] [muted|limited|contained] [unless|until] the [bank|governor] [changes|shifts] [its guidance|its tone|course]," said {analyst_cb}, [a strategist at|head of rates at|an analyst with] {bankco}.
{finmin} [told|said to] [parliament|lawmakers|reporters] that the [government|treasury] [respected|supported|would not interfere with] the [bank's independence|central bank's decisions] [but|and] [was|remained] [focused on|committed to] [cutting the deficit|supporting growth|protecting jobs].
@outlook
[Governor|Bank governor] {governor_s} [is due to|will|is scheduled to] [testify|appear|speak] [before|to] [parliament's finance committee|lawmakers|a banking conference] [next week|on {weekday2}|later this month], [where|and] [questions|lawmakers' questions] [are expected|will focus] on [the currency|inflation|the bank's forecasts].
"""

TOPIC_TEXT["football"] += r"""
@body
{team1} [had|enjoyed] {poss} percent of [possession|the ball] and [managed|mustered|registered] {shots} [shots|attempts|efforts], [{shots_on} of them on target|with {shots_on} on target], [according to|based on] [league statistics|match data|figures from the league].
[Captain|Defender|Midfielder] {captain} [was booked|received a yellow card|was cautioned] [for|after] [a late tackle|time-wasting|dissent|pulling back an opponent] and [will miss|is suspended for|sits out] [the next match|{team1}'s next game|the game against {team3}].
The [second half|game|match] was [held up|delayed|stopped] for [several|about|nearly] {delay} minutes [after|when] [fans|supporters|spectators] [threw|let off|hurled] [flares|objects|smoke bombs] [onto the pitch|from the away end|near the goal].
{keeper2_s}, [who|the goalkeeper who] [kept|has kept] {clean} clean sheets [this season|in {n_games} games], was [beaten|caught out|left stranded] by [a deflection|a low shot|a header at the near post] for {team2}'s [goal|equaliser|consolation].
[Home|Local|Travelling] [fans|supporters] [booed|jeered|whistled at] [the players|their team|the coach] [at half-time|at the final whistle|as they left the pitch], [with|and] [banners|chants|songs] [calling for|demanding] [changes|the manager's departure|new owners].
The [result|defeat] [leaves|puts] {team2} [{team2_pos} in the table|on {pts2} points|in the relegation zone], {gap2} points [behind|below|adrift of] [the European places|safety|the top four] [with|and] {left_games} [games|matches] [left|remaining|to play].
@quote
"[We|The team] [knew|understood|expected] it would be [difficult|tough|a hard game] [here|today|against them], but [we stayed calm|we stuck to the plan|the players kept going] and [deserved|earned] [the win|the three points|this result]," {coach_s} [said|added|told reporters].
"[Nobody|No one] [is|should be] [panicking|talking about a crisis|giving up], [there are|we have] {left_games} games [left|to go|remaining] and [a lot|plenty] can [change|happen]," {coach2_s} [told|said to] [reporters|the club's television channel].
@background
[The|Both] [clubs|sides] [spent|invested|paid] [heavily|a combined {fee2} million euros|large sums] [in the transfer window|on new signings|last summer], [but|and] [only|so far only] {team1} [have|has] [seen|enjoyed] [a return|results|consistent form] [this season|so far].
"""

TOPIC_TEXT["trial"] += r"""
@body
<opening> The [prosecution|state prosecutors] [plans|intend|expect] to [call|present|bring] [more than|about|nearly] {n_witness} witnesses, [including|among them] [former aides|bankers|civil servants|business partners] of {defendant_s}, [during|over|in the course of] [the trial|the hearings|the proceedings].
<opening> The [trial|case] is [expected|scheduled|set] to [last|run|continue] [for {months} months|for several months|until the end of the year], [with|and] [hearings|sessions] [held|taking place] [twice a week|three days a week|every {weekday}].
[Journalists|Reporters|Members of the public] [queued|lined up|waited] [for hours|from dawn|since early morning] [outside|at] the [courthouse|court building] [to secure|hoping to get] [one of|a place among] the [few|limited|{seats}] [seats|places] in the [public gallery|courtroom].
[Court documents seen by {outlet} list|The indictment obtained by {outlet} details|Prosecution filings reviewed by {outlet} describe] [transfers|payments|invoices] [to|through|from] [accounts|companies|intermediaries] in {country2} [between {since_year} and {end_year}|over several years], [totalling|worth|amounting to] {amount2} million {currency}s.
<opening,verdict> {judge} [rejected|dismissed|turned down] [a|the] [defence|defence team's] [request|motion|application] to [delay|postpone|suspend] [the proceedings|the trial|the hearing] [on health grounds|on procedural grounds|citing the defendant's health].
[Rights|Civil society|Anti-graft] [groups|activists|campaigners] [said|argued|noted] the [case|trial] [was|would be] [a test|a key test|an important test] of [the judiciary's independence|the government's anti-corruption drive|the rule of law] in {country}.
@quote
<opening,verdict> "[The evidence|The documents|The facts] [speak for themselves|are clear|leave no room for doubt], [and|so] we [are confident|have no doubt|expect] that the [court|judges] will [reach|come to] [the right|a just|a fair] [decision|verdict]," {prosecutor_s} [told reporters|said|added].
@outlook
<opening> The [next|following] [hearing|session] [is|has been] [scheduled|set|fixed] for {weekday2}, [when|at which] [the court|judges] [will|are expected to] [hear|consider|examine] [testimony|evidence|arguments] [from a key witness|from bank officials|by the defence].
"""

TOPIC_TEXT["strike"] += r"""
@body
[Public services|Hospitals and schools|Government offices] [said|reported] they [had postponed|cancelled|rescheduled] [about|some|more than] {postponed} [operations|appointments|procedures] [because of|due to|as a result of] the [strike|walkout|stoppage], [although|but|while] [emergency care|urgent cases|essential services] [continued|were maintained].
[Union|Strike] [leaders|organisers|representatives] [addressed|spoke to|rallied] [about|some|roughly] {rally} [workers|members|strikers] [at a rally|at a march|outside parliament] in {capital}, [vowing|promising|pledging] to [stay out|hold firm|continue] [until their demands are met|unless the pay claim is met|until the government gives ground].
[The government has|Ministers have|{employer} has] [offered|proposed|put forward] [a one-off payment|a bonus|a lump sum] of {bonus} {currency}s [per worker|each|for every employee], [which the union called|a sum the union described as|which the union dismissed as] [insulting|inadequate|a distraction].
[Polls published this week|Opinion surveys released on {weekday}|A survey carried by {outlet}] [suggested|showed|found] that {public_pct} percent of [the public|respondents|people] [backed|supported|sympathised with] the [strikers|workers|union], [while|and] {against_pct} percent [opposed|were against] the [action|walkout].
[Exporters|Factories|Supermarkets] [warned|complained] [of|about] [shortages|delays|lost orders] [as|because] [goods|containers|deliveries] [piled up|were stranded|stayed stuck] [at|in|on] [ports|depots|sidings] [across|around] {country}.
[A court|A labour tribunal|Judges] in {capital} [rejected|refused|dismissed] [a request|an application|a bid] by {employer} to [declare|rule] the strike [illegal|unlawful] [on|late on] {weekday}, [clearing|paving] the way for [the action|further walkouts] to [continue|go ahead].
@quote
"[We|Nobody] [want|wants] to [strike|be on the picket line|lose a day's pay], but [we have|there is] no [choice|other option|alternative] [left|any more] after [years of|a decade of] [pay freezes|broken promises|rising rents]," said {striker}, a [driver|nurse|teacher|docker] with {years_service} years' [experience|service].
@background
[Unions|Labour unions|Trade unions] in {country} [represent|count|have] [about|roughly] {union_density} percent of [workers|the workforce|employees], [and|while] [strikes|walkouts] in [essential services|the public sector] [require|need] [a notice period|minimum notice] of {notice} days under [the law|labour law|a {since_year} law].
"""

TOPIC_TEXT["company_results"] += r"""
@body
[Debt|Net debt|Borrowings] [stood at|fell to|rose to] {debt} billion {currency}s [at the end of the quarter|by the end of {month_prev}|at the end of the period], [and|while] [the company|{company_s}] [said|added] [it|that it] [would|planned to|aimed to] [reduce|cut|refinance] [borrowings|the debt] [by {year}|over the next two years].
[Capital spending|Investment|Capital expenditure] [is planned|has been budgeted|is set] at [about|around] {capex} billion {currency}s [this year|in {year}|for the year], [mostly|largely|mainly] [on|for] [new plants|digital services|store upgrades|network expansion|exploration].
[Sales|Revenue|Volumes] in [its home market|{region_mkt}|the domestic business] {rose} {pct_home} percent, [while|and] [international|overseas|export] [sales|revenue] [rose|grew|fell|slipped] {pct_intl} percent [on a constant currency basis|on a like-for-like basis|in reported terms].
[The|Its] [order book|backlog of orders|pipeline of contracts] [stood at|reached|was] [a record|about|nearly] {orders} billion {currency}s, [giving|providing|offering] [visibility|revenue cover|work] [for the next {years} years|through {year}|into next year].
[Trading in {company_s} shares was|Dealings in {company_s} stock were] [heavy|brisk|unusually high] [on|early on|late on] {weekday}, [with|as] [about|some|more than] {volume} million shares [changing hands|traded], [several times|roughly double|three times] the [daily average|usual volume].
[A strike|A shortage of parts|A cyber attack|A fire at a plant] [earlier in the year|in the spring|during the quarter] [reduced|cut|hit] [revenue|output|operating profit] by [about|roughly|some] {hit} million {currency}s, [the company|{company_s}|{cfo}] said.
@quote
"[Our|The] [priority|focus] [remains|is] [on cash generation|on cutting costs|on paying down debt|on growing in {region_mkt}], [and|while] we [will|plan to] [keep investing|continue to invest] in [new products|technology|our people]," {ceo_s} [told|said to] [analysts|investors|reporters].
"[Guidance|The outlook] [looks|seems|appears] [conservative|cautious|ambitious] [to us|given the quarter|after these numbers], [and|so] we [see|expect] [upside|risks|room for upgrades] [later in the year|in the second half|to consensus]," said {analyst2}, [an analyst at|a fund manager with] {bankco2}.
@background
[The|{company_s}'s] [sector|industry] has [been hit by|been grappling with|faced] [rising costs|weak demand|tougher regulation|fierce price competition] [since {since_year}|over the past two years|since the pandemic], [prompting|leading to|triggering] [a wave of|several|a series of] [mergers|job cuts|plant closures] [across|in] {country}.
"""

TOPIC_TEXT["storm"] += r"""
@body
[Rivers|The river|Several rivers] [in|across|around] {province} [burst their banks|rose above danger levels|overflowed] [on|late on|early on] {weekday}, [flooding|submerging|swamping] [farmland|low-lying villages|roads and bridges] and [forcing|prompting] [authorities|officials] to [open|release water from] [dams|reservoirs|flood gates].
[A landslide|Landslides|Mudslides] [triggered|caused|set off] by the [heavy rain|downpours|storm] [buried|hit|swept away] [houses|several homes|a road] [in|near|above] [a hillside village|the town of {city3}|{city3}], [killing {slide_dead} people|leaving {slide_dead} people dead|burying at least {slide_dead} people].
[The|A] [storm surge|tidal surge|wall of seawater] [flooded|swamped|inundated] [the seafront|coastal roads|the harbour] in {city}, [damaging|wrecking|sinking] [fishing boats|moored boats|beachfront restaurants] and [forcing the closure of|leading officials to close] [the port|the coastal highway].
[Mobile phone|Internet|Telephone] [networks|coverage|services] [went down|were disrupted|were patchy] [in|across] [several|many|some] [districts|areas|towns], [making it difficult for families|leaving relatives struggling|so families struggled] to [contact|reach|get news of] [relatives|loved ones|people in the worst-hit areas].
[Insurers|Analysts|Industry experts] [estimated|put] [insured|total|early] [losses|damage] at [between {ins_loss} and {ins_loss2}|about {ins_loss2}] million dollars, [though|but|while] [they|experts] [cautioned|warned] that [the figure|the estimate] [could|may|would] [rise|change|grow] [as|once] [assessments|damage surveys] [are completed|continue].
[Officials|Emergency services|The army] [said|reported] [that|] [about|some|more than] {missing} people [were|remained|are still] [missing|unaccounted for] [after being swept away|after boats capsized|since floodwaters rose] [near|in|along] {city2}.
[Power|Water] [was|has been] [restored|partially restored|reconnected] [to|in|across] [parts of|most of|some districts of] {city} [by|on|late on] {weekday2}, [but|though|while] [thousands of|many|several thousand] [homes|households|people] [remained|were still|stayed] [without electricity|without running water|cut off].
@quote
"[This|It] [was|is] the [worst|strongest|most frightening] [storm|wind|night] I [have seen|can remember|have lived through] in [my|] {age} years," said {resident}, whose [roof|house|shop|boat] was [torn apart|flooded|destroyed|badly damaged] [during the night|in the storm].
@background
[Coastal|Low-lying|Poorer] [areas|districts|communities] of {country} [are|remain] [particularly|especially|highly] [vulnerable|exposed] to [storms|flooding|storm surges] [because of|due to|given] [poor drainage|informal housing|deforestation|rapid urban growth], [experts|engineers|planners] say.
"""

TOPIC_TEXT["diplomacy"] += r"""
@body
The two [ministers|delegations|leaders] [held|spent] [about|more than|nearly] {talk_hours} hours [in talks|in closed-door meetings|in discussions] [at a lakeside residence|at the foreign ministry|at a government guesthouse], [officials said|diplomats said|according to aides].
<row,talks> [Protesters|Demonstrators|Activists] [gathered|rallied|marched] [outside|near|in front of] the {country2_adj} [embassy|consulate|mission] in {capital} [on|late on] {weekday}, [chanting slogans|holding banners|waving flags] [as|while] [police|riot police|security forces] [kept|held] [them|the crowd] [back|at a distance].
<row,talks> {country} [announced|said|warned] it [would|could|might] [suspend|review|reconsider] [visa-free travel|air links|a planned energy project|joint military exercises] with {country2} [unless|until] [its neighbour|{country2_adj} officials] [took|take] [steps|action|measures] to [address|resolve|ease] [its concerns|the dispute|the tensions].
[A|The] [joint statement|communique|statement] [issued|released|published] [after|at the end of|following] the [talks|meeting|summit] [called for|urged|pledged] [restraint|dialogue|closer cooperation] and [regular|annual|further] [meetings|consultations|contacts] between [senior officials|ministers|experts].
[Business leaders|Exporters|Traders] [on both sides|in both countries|in border towns] [welcomed|cautiously welcomed|watched] the [talks|developments], [saying|noting|arguing] [the dispute|the row|border closures] had [cost|hurt|disrupted] [them|trade|commerce] [dearly|for months|worth millions].
The {country2_adj} [foreign ministry|government|embassy] [said|responded|replied] [in a statement|on social media|through a spokesman] that [the accusations|the claims|the measures] [were|are] [baseless|regrettable|unacceptable|an overreaction] [and|but] that {country2} [remained|was] [open|committed] to [talks|dialogue].
[Officials|Diplomats|Negotiators] [said|told {outlet}] that [sticking points|key differences|unresolved questions] [included|covered|involved] [the route of the border|the status of {border_place}|compensation for displaced families] and [access to|control of|rights over] [river water|fishing grounds|grazing land].
@quote
"[We have|Our government has] [always|consistently|repeatedly] [said|made clear|insisted] that [disputes|differences] between [neighbours|our countries] [should|must|can] be [settled|resolved|handled] [through|by] [dialogue|negotiation|diplomacy], [not|rather than] [threats|force|pressure]," {fm2_s} [said|told reporters].
@background
[Millions of|Thousands of|Many] [people|families|traders] [live|work] [on both sides of|on either side of|along] the [border|frontier], [where|and] [ethnic|family|trade] [ties|links] [go back|date back|stretch back] [centuries|generations|decades].
@outlook
[Analysts|Diplomats|Observers] [said|cautioned|warned] that [any|a lasting|real] [improvement|settlement|thaw] [would|could|will] [depend on|hinge on|require] [political will|domestic politics|trust] in [both capitals|{capital} and {capital2}], [especially|particularly] [ahead of|with] [elections|a leadership change|budget talks] [next year|in {country2}].
"""

TOPIC_TEXT["outbreak"] += r"""
@body
[The ministry|Officials|Health authorities] [said|reported] {hosp} [patients|people] [were|remained] [in hospital|being treated in hospital|hospitalised], [including|among them] {icu} [in intensive care|in a serious condition|in critical condition].
[Travellers|Passengers|Visitors] [arriving from|coming from|leaving] {province} [are being|were|will be] [screened|checked|tested] [at|on] [airports|border crossings|bus stations] [with temperature checks|with rapid tests|for symptoms], [the ministry|officials|authorities] said.
[Neighbouring|Nearby] {country2} [said|announced|reported] it [had|has] [stepped up|increased|tightened] [surveillance|border checks|testing] [and|but] [had not|has not] [recorded|found|detected] [any cases|a single case|any confirmed infections] [so far|yet|to date].
[Rumours|False claims|Misinformation] [about|regarding|on] [the disease|vaccines|the outbreak] [spread|circulated|were shared] [widely|rapidly] [on|across|through] [social media|messaging apps|local radio], [prompting|leading|forcing] [officials|the ministry|health workers] to [issue corrections|launch a public information campaign|run awareness drives].
[Health workers|Nurses|Doctors] in {city} [complained|warned] [of|about] [shortages of|a lack of|limited supplies of] [gloves|protective equipment|intravenous fluids|test kits] [and|as well as] [unpaid|delayed|late] [salaries|wages|allowances], [the|a] [medical union|doctors' association|nurses' union] said.
[Water|Sanitation|Hygiene] [engineers|teams|crews] [began|started|were sent] [disinfecting|repairing|chlorinating] [wells|water points|pipes] [in|across] [affected|several|the worst-hit] [neighbourhoods|districts|villages] [of|around|near] {city}[ on {weekday}| this week|].
The number of [daily|weekly] [cases|infections] [has|had] [started to|begun to] [fall|slow|level off] in {city}, [but|while] it [continued to rise|kept climbing|continued to increase] in [rural|remote|outlying] [areas|districts] with [fewer|limited|no] [clinics|health facilities|doctors].
@quote
"[Washing hands|Boiling water|Getting vaccinated] [is|remains] [the best|the most effective|a simple] [protection|defence|way to protect yourself], [and|so] we [urge|ask|encourage] [every family|all residents|parents] to [follow|take] [this advice|these steps|the guidance]," said {official_h}, [a spokeswoman for|a spokesman for|head of communications at] the health ministry.
@background
[Funding|Spending] for [public health|disease surveillance|primary care] in {country} [has|had] [been cut|fallen|shrunk] by [about|nearly|more than] {cut_pct} percent [since {since_year}|over the past decade], [according to|based on] [a report by the {who}|a parliamentary committee report|an independent study].
@outlook
[A team from the {who} is|Experts from the {who} are|Investigators from the {who} are] [due|expected|scheduled] to [arrive in|visit|travel to] {city} [on|by|later on] {weekday2} to [assess|review|support] [the response|the situation|vaccination efforts], [the ministry|officials|the agency] said.
"""


def parse_topic_text(text: str) -> dict:
    """'@role' sections of one template per line; a line may start with '<tag,tag>' to be used
    only for events carrying one of those tags."""
    roles: dict[str, list] = {}
    cur = None
    for line in text.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            cur = roles.setdefault(line[1:], [])
            continue
        tags = None
        if line.startswith("<"):
            j = line.index(">")
            tags = frozenset(line[1:j].split(","))
            line = line[j + 1:].strip()
        cur.append((tags, compile_tpl(line)))
    return roles


WHEN = alts("on {weekday}", "late on {weekday}", "early on {weekday}", "on {weekday} morning",
            "on {weekday} evening", "on {weekday} afternoon", "earlier on {weekday}")


class Gen:
    """Random helpers bound to one random.Random."""

    def __init__(self, rng: Random, world: World) -> None:
        self.rng = rng
        self.rnd = rng.random
        self.world = world
        self.names = Names(rng)

    def pick(self, seq):
        return seq[int(self.rnd() * len(seq))]

    def n(self, lo: int, hi: int) -> str:
        return str(lo + int(self.rnd() * (hi - lo + 1)))

    def nonan(self, lo: int, hi: int) -> str:
        """An integer that reads with 'a', not 'an' (no 8..., 11, 18)."""
        while True:
            v = self.rng.randint(lo, hi)
            t = str(v)
            if t[0] != "8" and v not in (11, 18) and not (11000 <= v < 12000 or 18000 <= v < 19000):
                return t

    def f1(self, lo: float, hi: float) -> str:
        return f"{lo + (hi - lo) * self.rnd():.1f}"

    def big(self, lo: int, hi: int) -> str:
        return f"{lo + int(self.rnd() * (hi - lo + 1)):,}"

    def person(self) -> tuple[str, str]:
        w, rnd = self.world, self.rnd
        s = w.surnames[int(rnd() * len(w.surnames))]
        return f"{w.first_names[int(rnd() * len(w.first_names))]} {s}", s

    def first_name(self) -> str:
        return self.world.first_names[int(self.rnd() * len(self.world.first_names))]

    def root(self) -> str:
        return self.world.roots[int(self.rnd() * len(self.world.roots))]

    def fresh_person(self, ctx, rnd) -> str:
        return self.person()[0]

    def age(self, ctx, rnd) -> str:
        return str(21 + int(rnd() * 59))

    def ordinal(self, v: int) -> str:
        suffix = "th" if 10 <= v % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(v % 10, "th")
        return f"{v}{suffix}"


def base_ctx(g: Gen, day: int) -> dict:
    """Names, places and dates shared by every topic. day = proleptic ordinal of the event."""
    rng = g.rng
    c, c2, c3 = rng.sample(g.world.countries, 3)
    cities = rng.sample(c.cities, 4)
    d = datetime.date.fromordinal(day)
    wd = d.weekday()
    ctx = {
        "country": c.name, "country_adj": c.adj, "capital": c.capital,
        "city": cities[0], "city2": cities[1], "city3": cities[2], "city4": cities[3],
        "province": g.pick(c.provinces), "dir": g.pick(DIRECTIONS),
        "country2": c2.name, "country2_adj": c2.adj, "country3": c3.name,
        "city_b": g.pick(c2.cities), "currency": c.currency,
        "weekday": WEEKDAYS[wd], "weekday2": WEEKDAYS[(wd + 1) % 7], "when": WHEN,
        "year": str(d.year), "month_prev": MONTHS[(d.month - 2) % 12],
        "next_month": MONTHS[d.month % 12], "since_month": g.pick(MONTHS),
        "since_year": str(d.year - rng.randint(2, 9)), "prev_year": str(d.year - rng.randint(1, 12)),
        "outlet": g.world.site_name, "age": g.age, "resident": g.fresh_person,
        "months": g.n(4, 30), "years": g.n(2, 10), "days": g.n(3, 14), "ctxnum": g.n(20, 300),
        "capital2": c2.capital,
        "tags": frozenset(), "_date": d, "_c": c, "_c2": c2,
    }
    return ctx


def company_name(g: Gen, kind: str) -> tuple[str, str]:
    ends = {"carmaker": ("Motors", "Automotive", "Auto Group"), "bank": ("Bank", "Financial", "Banking Group"),
            "telecoms operator": ("Telecom", "Mobile", "Communications"), "airline": ("Airways", "Air", "Aviation"),
            "retailer": ("Stores", "Retail", "Markets"), "steelmaker": ("Steel", "Metals", "Ironworks"),
            "brewer": ("Breweries", "Beverages", "Brewing"), "drugmaker": ("Pharma", "Therapeutics", "Laboratories"),
            "software company": ("Systems", "Software", "Digital"), "mining group": ("Mining", "Resources", "Minerals"),
            "energy company": ("Energy", "Power", "Petroleum"), "food group": ("Foods", "Agri", "Nutrition")}
    r = g.root()
    return f"{r} {g.pick(ends.get(kind, ('Group', 'Holdings', 'Industries')))}", r


PRODUCTS = {"carmaker": ("cars, vans and electric buses", "family cars and light trucks"),
            "bank": ("mortgages, business loans and payment services", "retail and corporate banking services"),
            "telecoms operator": ("mobile, broadband and pay television services", "mobile and fixed-line services"),
            "airline": ("passenger and cargo flights to {n_dest} destinations", "domestic and regional flights"),
            "retailer": ("groceries, clothing and household goods", "food and home products"),
            "steelmaker": ("flat steel, pipes and construction beams", "steel for carmakers and builders"),
            "brewer": ("beer, soft drinks and bottled water", "lagers and malt drinks"),
            "drugmaker": ("generic medicines and vaccines", "cancer drugs and antibiotics"),
            "software company": ("accounting and payroll software", "cloud services for small firms"),
            "mining group": ("copper, gold and coal", "iron ore and nickel"),
            "energy company": ("oil, gas and electricity", "power from gas, wind and solar plants"),
            "food group": ("dairy products, biscuits and frozen meals", "packaged foods and snacks")}
DIVISIONS = ("consumer", "industrial", "international", "retail", "digital", "trading", "services",
             "export", "wholesale", "premium")
BROKER_ENDS = ("Capital", "Securities", "Bank", "Asset Management", "Investment Partners", "Markets")


def ev_election(g: Gen, ctx: dict) -> None:
    rng = g.rng
    (c1, c1s), (c2, c2s), (cm, cms) = g.person(), g.person(), g.person()
    pa = ("National", "Democratic", "Progressive", "United", "People's", "Civic", "Liberal",
          "Social", "Green", "Reform", "Unity", "Labour", "Freedom", "Patriotic", "New")
    pn = ("Alliance", "Party", "Front", "Movement", "Union", "Congress", "League", "Coalition", "Rally")
    pv = ("Forward", "Renew", "Rise", "United", "Stronger", "Together for", "Free")
    parties: list[str] = []
    while len(parties) < 2:
        p = f"{g.pick(pa)} {g.pick(pn)}" if rng.random() < 0.6 else f"{g.pick(pv)} {ctx['country']}"
        if p not in parties:
            parties.append(p)
    p1, p2 = parties
    pct1 = rng.uniform(38, 58)
    seats_total = rng.randint(100, 450)
    d = ctx["_date"]
    ctx.update(
        cand1=c1, cand1_s=c1s, cand2=c2, cand2_s=c2s, party1=p1, party2=p2,
        etype=g.pick(("presidential", "parliamentary", "general", "regional")),
        commission=g.pick((f"the {ctx['country']} Electoral Commission", "the Independent Election Board",
                           "the Central Election Commission", "the National Electoral Council")),
        commish=cm, commish_s=cms, pct1=f"{pct1:.1f}", pct2=f"{rng.uniform(22, pct1 - 3):.1f}",
        turnout=g.f1(42, 82), turnout_prev=g.f1(40, 80), counted=g.n(35, 98), voters=g.f1(2, 60),
        stations=g.big(2000, 40000), nregions=g.n(4, 30), nregions2=g.n(3, 12),
        seats_total=str(seats_total), majority=str(seats_total // 2 + 1), seats2=g.n(10, seats_total // 3),
        observers=g.pick(("the Regional Democracy Council", "a continental monitoring mission",
                          "the Electoral Integrity Network", "the Association of Election Observers")),
        formerjob=alts("central bank governor", "football star", "television presenter", "army general",
                       "prime minister", "finance minister", "mayor of {capital}", "human rights lawyer"),
        issue=alts("corruption", "the cost of living", "crime", "unemployment", "migration",
                   "public services", "housing", "energy prices"),
        issue2=alts("security", "jobs", "pensions", "health care", "schools", "rural poverty", "taxes"),
        econ_pct=g.f1(4, 25), days2=g.n(3, 10), injured=g.n(3, 60), voter=g.fresh_person,
        pop=g.n(3, 90), yrs=g.n(5, 25), youth_pct=g.n(12, 35), prev_dead=g.n(3, 120), termlen=g.pick(("four", "five", "six")),
        runoff_date=f"{MONTHS[d.month % 12]} {rng.randint(1, 28)}",
        ev=alts("the election", "the vote", "{weekday}'s vote", "the {etype} election", "the poll"),
        auth=alts("the electoral commission", "election officials", "the government", "party officials"),
        people=alts("voters", "residents", "party activists"))


def ev_earthquake(g: Gen, ctx: dict) -> None:
    rng = g.rng
    mag = rng.uniform(5.0, 7.8)
    dead = rng.randint(4, 900)
    t = g.pick(("Interior Minister", "Prime Minister", "President", "Regional Governor", "Disaster Agency chief"))
    ctx.update(
        mag=f"{mag:.1f}", dead=str(dead), injured=str(dead * rng.randint(2, 5) + rng.randint(0, 9)),
        survey=g.pick((f"the {ctx['country_adj']} Seismological Institute", "the National Geophysical Centre",
                       "the state seismology service", f"the {g.root()} Observatory")),
        collapsed=g.big(20, 3000), time=f"{rng.randint(1, 11)}:{rng.randint(0, 59):02d} {g.pick(('a.m.', 'p.m.'))}",
        depth=g.n(5, 70), dist=g.n(8, 120), rescuers=g.big(300, 12000), aftershocks=g.n(12, 300),
        after_mag=f"{rng.uniform(4.0, mag - 0.4):.1f}", displaced=g.big(1000, 150000), far=g.n(150, 600),
        mourn=g.pick(("three", "two", "seven", "five")), fund=g.n(5, 500),
        official=f"{t} {g.person()[0]}", rescue_chief=g.person()[0],
        prev_mag=g.f1(6.0, 7.9), prev_dead=g.big(100, 20000),
        ev=alts("the quake", "the earthquake", "the disaster", "the tremor"),
        auth=alts("the disaster agency", "the interior ministry", "local authorities", "the regional government"),
        people=alts("residents", "survivors", "families"))


def ev_central_bank(g: Gen, ctx: dict) -> None:
    rng = g.rng
    tag = g.pick(("hike", "hike", "hike", "cut", "cut", "hold"))
    old = rng.randint(2, 90) * 0.25
    bps = g.pick((25, 50, 75, 100, 150)) if tag == "hike" else g.pick((25, 50, 75))
    new = old + bps / 100 if tag == "hike" else old - bps / 100 if tag == "cut" else old
    if new <= 0:
        new = old + bps / 100
        tag = "hike"
    gv, gvs = g.person()
    split, dissent = g.pick((("7-2", "two"), ("6-3", "three"), ("5-4", "four"), ("5-2", "two"), ("4-3", "three"), ("6-2", "two")))
    ctx.update(
        tags=frozenset((tag,)),
        bank=g.pick((f"the Bank of {ctx['country']}", f"the {ctx['country_adj']} Central Bank",
                     f"the National Bank of {ctx['country']}", f"the {ctx['country_adj']} Reserve Bank")),
        rate_old=f"{old:.2f}", rate_new=f"{new:.2f}", bps=str(bps), bps2=str(g.pick((25, 50, 75, 100))),
        vote_split=split, dissent=dissent, fxmove=g.f1(0.3, 3.5),
        infl=g.f1(3, 25), target=g.pick(("2", "3", "4", "2.5")), growth=g.f1(0.2, 5.5),
        growth_prev=g.f1(0.2, 5.5), governor=gv, governor_s=gvs, wages=g.f1(2, 15), core=g.f1(2, 14),
        core_prev=g.f1(2, 14), finmin=g.person()[0], economist=g.person()[0],
        bankco=f"{g.root()} {g.pick(BROKER_ENDS)}", total_bps=str(rng.randint(4, 60) * 25),
        fxyear=g.f1(2, 40), indic=g.f1(0.2, 6), deficit=g.f1(1, 9), house=g.f1(1, 18),
        analyst_cb=g.person()[0], rate_peak=f"{new + rng.randint(-2, 6) * 0.25:.2f}",
        move_noun={"hike": "increase", "cut": "cut", "hold": "pause"}[tag],
        fx_hl="higher" if tag != "cut" else "lower",
        fx_rose=alts("rose", "jumped", "climbed") if tag != "cut" else alts("fell", "slipped", "weakened"),
        ev=alts("the rate decision", "the central bank's move", "the decision", "the rate {move_noun}"),
        auth=alts("the central bank", "the bank", "the finance ministry"),
        people=alts("borrowers", "savers", "homeowners", "investors"))


def ev_football(g: Gen, ctx: dict) -> None:
    rng = g.rng
    c = ctx["_c"]
    pat = ("{} United", "FC {}", "Atletico {}", "Real {}", "Sporting {}", "{} Rovers", "{} City",
           "{} Athletic", "Dynamo {}", "{} Wanderers", "Racing {}", "{} Albion")
    towns = rng.sample(c.cities, 4)
    teams = [g.pick(pat).format(t) for t in towns]
    score = g.pick(("2-1", "3-1", "3-2", "4-2", "4-1", "4-3", "5-2", "2-1", "3-1"))
    cch, cchs = g.person()
    cch2, cch2s = g.person()
    sc, scs = g.person()
    tyrs = rng.randint(5, 40)
    h2h_n = rng.randint(4, 12)
    ctx.update(
        team1=teams[0], team2=teams[1], team3=teams[2], team4=teams[3], score=score, score_rev=score[::-1],
        league=g.pick((f"{c.adj} Premier League", f"{c.adj} Super League", f"{c.adj} top flight",
                       f"{c.adj} First Division")),
        scorer=sc, scorer_s=scs, scorer2=g.person()[0], assist=g.person()[0], sentoff=g.person()[0],
        keeper=g.person()[0], sub=g.person()[0], ref=g.person()[0], coach=cch, coach_s=cchs,
        coach2=cch2, coach2_s=cch2s, exmgr=g.person()[0], injured_player=g.person()[0],
        min1=g.ordinal(rng.randint(4, 44)), min2=g.ordinal(rng.randint(46, 89)),
        min3=g.ordinal(rng.randint(20, 85)), min4=g.ordinal(rng.randint(55, 80)),
        stadium=g.pick((f"the {g.root()} Stadium", f"{g.root()} Park", f"the {g.root()} Arena",
                        f"Estadio {g.root()}")),
        attendance=g.big(4000, 80000), n_games=g.n(8, 30), pts=g.n(15, 70), pts_gap=g.n(2, 9),
        poor_pts=g.n(2, 7), n_games2=g.n(5, 10), oldclub=g.pick(pat).format(g.pick(ctx["_c2"].cities)),
        fee=g.f1(5, 90), goals=g.n(3, 25), title_yrs=str(tyrs), title_year=str(ctx["_date"].year - tyrs),
        record=g.n(3, 40), poss=g.n(40, 70), shots=g.n(8, 25), shots_on=g.n(3, 9),
        captain=g.person()[0], delay=g.n(5, 25), keeper2_s=g.person()[1], clean=g.n(2, 15),
        team2_pos=g.ordinal(rng.randint(5, 18)), pts2=g.n(8, 40), gap2=g.n(2, 12), left_games=g.n(6, 25),
        fee2=g.n(40, 300), h2h=str(rng.randint(2, h2h_n)), h2h_n=str(h2h_n), n_out=g.n(2, 6),
        ev=alts("the match", "the game", "{team1}'s win", "{weekday}'s result"),
        auth=alts("the club", "{team2}", "the league"),
        people=alts("fans", "supporters", "season ticket holders"))


def ev_trial(g: Gen, ctx: dict) -> None:
    rng = g.rng
    tag = g.pick(("verdict", "verdict", "opening", "opening", "acquitted"))
    df, dfs = g.person()
    lw, lws = g.person()
    pr, prs = g.person()
    years = rng.randint(3, 20)
    since = ctx["_date"].year - rng.randint(3, 15)
    ctx.update(
        tags=frozenset((tag,)), defendant=df, defendant_s=dfs,
        defrole=compile_tpl(g.pick(("interior minister", "mayor of {capital}", "central bank governor",
                                    "defence minister", "health minister", "state energy company chief",
                                    "provincial governor", "army chief of staff", "speaker of parliament"))),
        charge=g.pick(("corruption", "bribery", "money laundering", "embezzlement", "fraud",
                       "abuse of office", "tax evasion")),
        court=compile_tpl(g.pick(("{capital} Criminal Court", "Supreme Court", "Special Anti-Corruption Court",
                                  "High Court in {city}"))),
        years=str(years), prison_sought=str(years + rng.randint(0, 8)), amount=g.nonan(5, 900),
        period=g.n(2, 10), amount2=g.n(2, 400), company=company_name(g, g.pick(tuple(PRODUCTS)))[0],
        lawyer=lw, lawyer_s=lws, judge=g.person()[0], n_witness=g.n(20, 140), fine=g.n(1, 300),
        ban=g.n(5, 15), codef=g.person()[0], co_years=g.n(2, 9), prosecutor=pr, prosecutor_s=prs,
        since_year=str(since), end_year=str(min(since + rng.randint(2, 8), ctx['_date'].year - 1)), rank=g.ordinal(rng.randint(90, 170)),
        appeal_days=g.pick(("15", "30", "10", "20")), seats=g.n(20, 80),
        ev=alts("the trial", "the case", "the proceedings", "the {charge} case"),
        auth=alts("the court", "prosecutors", "the justice ministry"),
        people=alts("supporters", "residents", "lawyers"))


STRIKE_SECTORS = (
    ("rail", "rail workers", "the state railway company", "Rail Workers", ("trains", "services")),
    ("port", "dock workers", "port operators", "Dockers", ("shifts", "services")),
    ("hospital", "nurses", "the health ministry", "Nurses", ("shifts", "services")),
    ("teachers'", "teachers", "the education ministry", "Teachers", ("lessons", "services")),
    ("airport", "airport staff", "the airport operator", "Airport Staff", ("flights", "services")),
    ("bus", "bus drivers", "the city transport authority", "Bus Drivers", ("services", "routes")),
    ("postal", "postal workers", "the national postal service", "Postal Workers", ("deliveries", "services")),
    ("refinery", "refinery workers", "the state oil company", "Refinery Workers", ("shifts", "operations")))


def ev_strike(g: Gen, ctx: dict) -> None:
    rng = g.rng
    sec, workers, employer, uname, svc = g.pick(STRIKE_SECTORS)
    form = g.pick(("National Union of {}", "Federation of {}", "General Union of {}", "United {} Union"))
    union = form.format(uname)
    short = "".join(w[0] for w in union.replace("of ", "").split() if w[0].isupper())
    ul, uls = g.person()
    mn, mns = g.person()
    demand = rng.randint(8, 30)
    ctx.update(
        sector=sec, svc=svc[0], sector_workers=workers, employer=employer, union="the " + union, union_short=short,
        workers=g.big(5000, 300000), demand=str(demand), offer=str(rng.randint(2, demand - 3)),
        members=g.big(8000, 400000), turnout=g.n(60, 95), service_pct=g.n(10, 40), cost=g.big(40, 2000),
        real_fall=g.f1(5, 25), minister=mn, minister_s=mns, union_leader=ul, commuter=g.fresh_person,
        econ_cost=g.n(5, 300), decades=g.pick(("two", "three", "four")), infl=g.f1(6, 25),
        prev_days=g.n(2, 40), prev_deal=g.nonan(3, 15), strike_day=g.n(2, 9), postponed=g.big(300, 40000), rally=g.big(2000, 60000),
        bonus=g.big(100, 2000), public_pct=g.n(35, 70), against_pct=g.n(15, 45), striker=g.fresh_person,
        years_service=g.n(5, 30), union_density=g.n(10, 40), notice=g.n(5, 21),
        ev=alts("the strike", "the walkout", "the stoppage", "the dispute"),
        auth=alts("the union", "{employer}", "the labour ministry"),
        people=alts("commuters", "{sector_workers}", "parents", "residents"))


def ev_company_results(g: Gen, ctx: dict) -> None:
    rng = g.rng
    kind = g.pick(tuple(PRODUCTS))
    name, short = company_name(g, kind)
    up = rng.random() < 0.6
    ceo, ceos = g.person()
    rev = rng.uniform(0.8, 60)
    profit = rng.randint(20, 9000)
    chg = rng.uniform(0.12, 0.79)
    margin = rng.uniform(4, 30)
    mchg = rng.uniform(0.2, 3)
    lo = rng.uniform(2, 200)
    ctx.update(
        tags=frozenset(("up" if up else "down",)), jobs_verb=alts("create", "add") if up else alts("cut", "shed", "eliminate"),
        company=name, company_s=short, sector_desc=kind,
        products=compile_tpl(g.pick(PRODUCTS[kind])), n_dest=g.n(20, 140),
        quarter=g.pick(("first-quarter", "second-quarter", "third-quarter", "fourth-quarter", "half-year")),
        rises=alts("jumps", "surges", "rises", "climbs") if up else alts("falls", "slumps", "drops", "slides"),
        rise=alts("rise", "increase", "jump") if up else alts("fall", "drop", "decline"),
        rise_v="rise" if up else "fall", rose=alts("rose", "grew", "increased") if up else alts("fell", "declined", "dropped"),
        updown="up" if up else "down", beats=alts("beats", "tops") if up else alts("misses", "trails"),
        beat=alts("beat", "topped") if up else alts("missed", "fell short of"),
        soar=alts("soar", "jump", "rally") if up else alts("tumble", "slide", "sink"),
        soared=alts("jumped", "surged", "rose") if up else alts("fell", "slumped", "tumbled"),
        lifts=alts("raises", "lifts") if up else alts("cuts", "trims"),
        lifted=alts("raised", "lifted") if up else alts("cut", "lowered"),
        helped=alts("helped by strong", "driven by robust") if up else alts("hurt by weak", "weighed down by sluggish"),
        better=alts("better-than-expected", "strong", "solid") if up else alts("weaker-than-expected", "disappointing"),
        better_w="better" if up else "worse",
        reason=alts("strong orders", "price increases", "demand in {region_mkt}") if up else
        alts("higher input costs", "a weaker {currency}", "falling orders"),
        widened=alts("widened", "improved") if up else alts("narrowed", "shrank"),
        gained=alts("risen", "gained") if up else alts("fallen", "lost"),
        above="above" if up else "below",
        resilient=alts("a strong quarter", "solid results", "record sales") if up else
        alts("a resilient performance", "results in line with our plan"),
        pct_profit=g.nonan(12, 79), pct_rev=g.f1(1, 20), pct_share=g.f1(2, 19), revenue=f"{rev:.1f}",
        revenue_est=f"{rev * rng.uniform(0.9, 1.1):.1f}", profit=f"{profit:,}", profit_prev=f"{int(profit / (1 + chg if up else 1 - chg)):,}",
        ceo=ceo, ceo_s=ceos, cfo=g.person()[0], margin=f"{margin:.1f}", margin_prev=f"{margin - mchg if up else margin + mchg:.1f}",
        buyback=g.n(50, 2000), dividend=f"{rng.uniform(0.1, 9):.2f}", jobs=g.big(300, 12000),
        division=g.pick(DIVISIONS), div_share=g.n(10, 60), pct_div=g.nonan(2, 40),
        analyst=g.person()[0], bankco=f"{g.root()} {g.pick(BROKER_ENDS)}", founded=g.n(1890, 2005),
        employees=g.big(900, 150000), n_countries=g.n(3, 80), pct_ytd=g.f1(1, 45), pct_index=g.nonan(2, 25),
        debt=g.f1(0.5, 40), capex=g.f1(0.2, 12), pct_home=g.f1(0.5, 15), pct_intl=g.f1(0.5, 20),
        orders=g.f1(2, 90), volume=g.f1(1, 60), hit=g.n(10, 400), analyst2=g.person()[0],
        bankco2=f"{g.root()} {g.pick(BROKER_ENDS)}", guid_lo=f"{lo:.1f}", guid_hi=f"{lo * rng.uniform(1.03, 1.2):.1f}",
        region_mkt=g.pick(("Europe", "Asia", "North America", "the Middle East", "Latin America", "Africa",
                           "its home market")),
        ev=alts("the results", "the earnings report", "the company's results", "the quarterly figures"),
        auth=alts("the company", "{company_s}", "the stock exchange regulator"),
        people=alts("shareholders", "investors", "employees"))


def ev_storm(g: Gen, ctx: dict) -> None:
    rng = g.rng
    kinds = ("Storm", "Cyclone", "Typhoon", "Hurricane")
    t = g.pick(("Interior Minister", "Prime Minister", "Regional Governor", "Civil Protection chief"))
    ctx.update(
        storm=f"{g.pick(kinds)} {g.first_name()}", wind=g.n(110, 260), dead=g.n(2, 150),
        evacuated=g.big(2000, 800000), surge=g.f1(1.5, 6), no_power=g.big(5000, 2000000), rain=g.n(150, 600),
        weather_agency=g.pick((f"the {ctx['country_adj']} Meteorological Service", "the National Weather Agency",
                               "the State Hydrometeorological Office")),
        flights=g.n(40, 900), crop_loss=g.n(5, 900), storms_year=g.n(4, 20),
        prev_storm=f"{g.pick(kinds)} {g.first_name()}", prev_dead=g.big(50, 6000),
        prev_loss=g.f1(0.5, 40), slide_dead=g.n(2, 30), missing=g.n(3, 80),
        ins_loss=g.n(50, 400), ins_loss2=g.big(450, 1900), official=f"{t} {g.person()[0]}",
        ev=alts("the storm", "{storm}", "the flooding", "the disaster"),
        auth=alts("the civil protection agency", "the weather service", "local authorities", "the government"),
        people=alts("residents", "evacuees", "farmers", "families"))


DEALS = (("trade agreement", "a trade agreement", "trade and customs"),
         ("border agreement", "a border agreement", "the disputed border"),
         ("water-sharing accord", "a water-sharing accord", "sharing river water"),
         ("security pact", "a security pact", "border security"),
         ("fisheries agreement", "a fisheries agreement", "fishing rights"),
         ("energy deal", "an energy deal", "gas supplies"))


def ev_diplomacy(g: Gen, ctx: dict) -> None:
    rng = g.rng
    deal, a_deal, topic = g.pick(DEALS)
    f1, f1s = g.person()
    f2, f2s = g.person()
    border_place = ctx["city4"]
    det = g.n(3, 60)
    ctx.update(
        tags=frozenset((g.pick(("deal", "row", "talks")),)), deal=deal, a_deal=a_deal, deal_topic=topic,
        dispute=g.pick((f"the detention of {det} fishermen", f"airspace violations near {border_place}",
                        "a deadly border shooting", "remarks by senior officials", "the expulsion of a diplomat")),
        summit_city=g.pick(g.pick(g.world.countries).cities), talk_days=g.n(2, 5), fm1=f1, fm1_s=f1s, fm2=f2, fm2_s=f2s,
        trade=g.f1(1, 90), talk_hours=g.n(3, 12), border_place=border_place, detainees=det,
        mediator=g.pick((ctx["country3"], "the regional security organisation", "the Continental Union",
                         "a group of neutral states")),
        expert=g.person()[0], thinktank=f"the {g.root()} Institute for International Affairs",
        border_len=g.nonan(200, 2500), war_year=g.n(1950, 2010),
        ev=alts("the talks", "the dispute", "the row with {country2}", "the negotiations"),
        auth=alts("the foreign ministry", "the government", "the presidency"),
        people=alts("border residents", "traders", "fishermen", "residents"))


def ev_outbreak(g: Gen, ctx: dict) -> None:
    rng = g.rng
    disease = g.pick((f"{g.root()} fever", f"{g.root()} virus", "cholera", "measles", "dengue fever",
                      f"{g.root()} fever", "typhoid"))
    cases = rng.randint(80, 40000)
    ctx.update(
        disease=disease, cases=f"{cases:,}", deaths=str(max(1, int(cases * rng.uniform(0.002, 0.05)))),
        cases_prev=f"{int(cases * rng.uniform(0.3, 0.8)):,}", vacc_target=g.big(50000, 3000000),
        weeks=g.n(2, 8), who=g.pick(("Global Health Council", "Continental Health Organisation",
                                     "International Disease Agency")),
        doses=g.big(20000, 2000000), cfr=g.f1(0.5, 9), doctor=g.person()[0],
        health_min=f"Health Minister {g.person()[0]}", prev_cases=g.big(500, 90000), prev_months=g.n(2, 14),
        appeal=g.n(3, 200), hosp=g.big(40, 3000), icu=g.n(5, 90), official_h=g.person()[0],
        cut_pct=g.n(10, 40),
        ev=alts("the outbreak", "the epidemic", "the spread of {disease}", "the {disease} outbreak"),
        auth=alts("the health ministry", "health officials", "the regional health department"),
        people=alts("residents", "patients", "families", "health workers"))


TOPICS = {
    "election": ev_election, "earthquake": ev_earthquake, "central_bank": ev_central_bank,
    "football": ev_football, "trial": ev_trial, "strike": ev_strike,
    "company_results": ev_company_results, "storm": ev_storm, "diplomacy": ev_diplomacy,
    "outbreak": ev_outbreak,
}
# Topics where a story is national news: the generic "context" sentences about state television,
# neighbouring countries and opposition politicians fit these only.
HARD_NEWS = frozenset(("election", "earthquake", "trial", "strike", "storm", "diplomacy", "outbreak"))
# Numbers that a follow-up story or an 'update' copy may report changed.
GROWING = {"earthquake": ("dead", "injured", "aftershocks"), "storm": ("dead",),
           "outbreak": ("deaths",), "election": ("counted",), "strike": ("strike_day",)}
TEMPLATES = {t: parse_topic_text(TOPIC_TEXT[t]) for t in TOPICS}
GENERIC = parse_topic_text(GENERIC_TEXT)


# --------------------------------------------------------------------------------------------
# Composition of base stories.
# --------------------------------------------------------------------------------------------

_FALLBACK = {"body": ("context", "background", "quote"), "quote": ("body", "context"),
             "background": ("context", "body"), "context": ("body", "background")}


class Composer:
    """Draws templates of one story without replacement (refilling when a pool runs out), so a
    story rarely repeats a template, and renders them into sentences of 12-35 words."""

    _pools: dict = {}

    def __init__(self, g: Gen, topic: str, ctx: dict) -> None:
        self.g, self.topic, self.ctx = g, topic, ctx
        self.decks: dict[str, list] = {}

    def pool(self, role: str) -> list:
        tags = self.ctx["tags"]
        key = (self.topic, role, tags)
        p = Composer._pools.get(key)
        if p is None:
            src = GENERIC[role] if role in GENERIC else TEMPLATES[self.topic][role]
            p = [n for t, n in src if t is None or (t & tags)]
            Composer._pools[key] = p
        return p

    def draw(self, role: str):
        deck = self.decks.get(role)
        if not deck:
            # A long story uses up its topic's body templates; before repeating one (a story
            # telling the same fact twice reads wrong) it takes from the other roles.
            if deck is not None:
                for other in _FALLBACK.get(role, ()):
                    d = self.decks.get(other, 1)
                    if d:
                        return self.draw(other)
            deck = self.decks[role] = list(self.pool(role))
        i = int(self.g.rnd() * len(deck))
        deck[i], deck[-1] = deck[-1], deck[i]
        return deck.pop()

    def sentence(self, role: str) -> str:
        rnd, ctx = self.g.rnd, self.ctx
        for _ in range(16):
            s = finish_sentence(self.draw(role)(ctx, rnd))
            n = s.count(" ") + 1
            if 12 <= n <= 35:
                return s
        return s

    def headline(self) -> str:
        s = finish_sentence(self.draw("headline")(self.ctx, self.g.rnd))
        return s[:-1] if s.endswith(".") else s

    def paragraph(self, kind: str) -> list[str]:
        rnd = self.g.rnd
        r = rnd()
        n = 1 if r < 0.15 else 2 if r < 0.6 else 3
        if kind == "lede":
            return [self.sentence("lede")] + ([self.sentence("body")] if rnd() < 0.5 else [])
        if kind == "quote":
            return [self.sentence("quote")] + ([self.sentence("body")] if rnd() < 0.5 else [])
        if kind == "background":
            return [self.sentence("background") for _ in range(n)]
        if kind == "outlook":
            return [self.sentence("outlook")] + ([self.sentence("body")] if rnd() < 0.4 else [])
        if kind == "site":
            return [self.sentence("site")] + [self.sentence(self.g.pick(("body", "body", "quote", "site")))
                                              for _ in range(n - 1)]
        return [self.sentence("context" if rnd() < 0.08 else "body") for _ in range(n)]

    def body(self, n_paras: int) -> list[list[str]]:
        rnd = self.g.rnd
        paras = [self.paragraph("lede")]
        quotes = backgrounds = 0
        for i in range(1, n_paras - 1):
            r = rnd()
            if r < 0.22 and quotes < 3:
                kind = "quote"
                quotes += 1
            elif r < 0.36 and backgrounds < 2 and i >= 2:
                kind = "background"
                backgrounds += 1
            else:
                kind = "body"
            paras.append(self.paragraph(kind))
        if n_paras > 1:
            paras.append(self.paragraph("outlook"))
        return paras

    def own_paragraphs(self, n: int, site_name: str) -> list[list[str]]:
        """Paragraphs a republishing site writes itself about the same event."""
        self.ctx["site"] = site_name
        out = []
        for _ in range(n):
            out.append(self.paragraph(self.g.pick(("site", "site", "body", "quote", "background"))))
        return out


class Story:
    __slots__ = ("sid", "eid", "topic", "ctx", "headline", "byline", "dateline", "paras", "credit",
                 "date", "site", "doc_id")


def slugify(text: str, n: int = 6) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:n])[:60].strip("-") or "story"


# --------------------------------------------------------------------------------------------
# Rewording: synonym substitution and clause reordering, written for the templates above.
# Numbers are never reworded.
# --------------------------------------------------------------------------------------------

SYNONYMS = {
    "told reporters": ("told journalists", "said to reporters", "told the media"),
    "according to": ("citing", "as reported by"), "at least": ("no fewer than", "a minimum of"),
    "more than": ("over", "upwards of"), "nearly": ("almost", "close to"), "almost": ("nearly",),
    "about": ("around", "roughly", "approximately"), "some": ("about", "roughly"),
    "roughly": ("about", "approximately"), "around": ("about", "some"), "percent": ("per cent",),
    "kilometres": ("km",), "struck": ("hit", "jolted"), "hit": ("struck", "affected"),
    "rose": ("climbed", "increased"), "fell": ("dropped", "declined"), "climbed": ("rose", "went up"),
    "increased": ("rose", "went up"), "jumped": ("surged", "leapt"), "warned": ("cautioned",),
    "urged": ("called on", "pressed"), "called on": ("urged",), "announced": ("unveiled", "declared"),
    "began": ("started",), "started": ("began",), "expected to": ("likely to", "set to", "due to"),
    "could": ("might", "may"), "government": ("administration", "authorities"),
    "officials": ("authorities",), "authorities": ("officials",),
    "residents": ("locals", "inhabitants"), "people": ("individuals",),
    "country": ("nation",), "countries": ("nations",), "large": ("big",), "big": ("large",),
    "huge": ("enormous",), "strong": ("powerful",), "powerful": ("strong",), "major": ("big", "key"),
    "largest": ("biggest",), "biggest": ("largest",), "sharply": ("steeply",), "homes": ("houses",),
    "houses": ("homes",), "buildings": ("structures",), "earthquake": ("quake",), "quake": ("earthquake",),
    "tremor": ("quake",), "rescuers": ("rescue workers",), "injured": ("hurt", "wounded"),
    "hurt": ("injured",), "wounded": ("injured",), "election": ("vote", "poll"),
    "voters": ("electors",), "ballots": ("votes",), "turnout": ("participation",),
    "results": ("figures", "outcome"), "figures": ("data", "numbers"), "interest rates": ("borrowing costs",),
    "inflation": ("price growth",), "economists": ("analysts",), "analysts": ("economists", "observers"),
    "match": ("game", "fixture"), "game": ("match",), "scored": ("netted",), "fans": ("supporters",),
    "supporters": ("fans", "backers"), "coach": ("manager",), "manager": ("coach",),
    "victory": ("win",), "defeat": ("loss",), "beat": ("defeated",), "defeated": ("beat",),
    "prosecutors": ("the prosecution",), "court": ("tribunal",), "testified": ("gave evidence",),
    "strike": ("walkout", "stoppage"), "walkout": ("strike",), "workers": ("employees", "staff"),
    "pay offer": ("wage offer",), "wages": ("pay",), "talks": ("negotiations",), "negotiations": ("talks",),
    "demanding": ("seeking", "calling for"), "calling for": ("demanding",), "profit": ("earnings",),
    "earnings": ("profit",), "revenue": ("sales",), "sales": ("revenue", "turnover"), "shares": ("stock",),
    "company": ("firm", "group"), "firm": ("company",), "quarter": ("period",), "floods": ("flooding",),
    "flooding": ("floods",), "rain": ("rainfall",), "winds": ("gales",), "power": ("electricity",),
    "electricity": ("power",), "agreement": ("deal", "accord"), "deal": ("agreement",),
    "accord": ("agreement",), "relations": ("ties",), "ties": ("relations",), "dispute": ("row", "quarrel"),
    "row": ("dispute",), "cases": ("infections",), "infections": ("cases",),
    "hospitals": ("health facilities",), "doctors": ("physicians",), "vaccination": ("immunisation",),
    "because of": ("due to", "owing to"), "due to": ("because of",), "despite": ("in spite of",),
    "after": ("following",), "following": ("after",), "before": ("ahead of", "prior to"),
    "ahead of": ("before",), "across": ("throughout",), "throughout": ("across",),
    "including": ("among them",), "several": ("a number of", "various"), "many": ("numerous",),
    "families": ("households",), "households": ("families",), "region": ("area",), "area": ("region",),
    "areas": ("districts",), "districts": ("areas",), "villages": ("settlements",), "streets": ("roads",),
    "latest": ("most recent",), "previous": ("earlier", "prior"), "showed": ("indicated", "suggested"),
    "shows": ("indicates",), "pledged": ("promised", "vowed"), "promised": ("pledged",),
    "vowed": ("pledged", "promised"), "criticised": ("condemned",), "rejected": ("dismissed",),
    "dismissed": ("rejected",), "decision": ("move",), "aid": ("assistance", "relief"),
    "assistance": ("aid",), "told": ("informed",), "added": ("said",), "announcement": ("statement",),
    "collapsed": ("caved in", "fell down"), "destroyed": ("wrecked",), "damaged": ("wrecked",),
    "worst-hit": ("hardest-hit",), "hardest-hit": ("worst-hit",), "overnight": ("during the night",),
    "city": ("town",),
    "parliament": ("the legislature",), "lawmakers": ("legislators",), "police": ("officers",),
    "patients": ("the sick",), "children": ("youngsters",),
    "crowd": ("throng",), "meeting": ("session",), "statement": ("communique",), "however": ("but",),
    "while": ("whereas",), "said on": ("stated on",),
}
# Keys match whole words, case-insensitively; "about", "some", "around" only before a number, and
# "on" only before a weekday (where it is dropped: "on Tuesday" -> "Tuesday"). Dictionary look-ups
# over the words of a sentence: one regex alternation of all keys was several times slower.
_SYN1 = {k: v for k, v in SYNONYMS.items() if " " not in k}
_SYN2 = {k: v for k, v in SYNONYMS.items() if " " in k}
_BEFORE_NUMBER = frozenset(("about", "some", "around"))
_WEEKDAY_SET = frozenset(WEEKDAYS)
_PUNCT = '"“”(),.;:'
_SAID_STRONG = ("told reporters", "stated", "noted", "added")
_LOWER_OK = {"the", "a", "an", "at", "more", "some", "about", "nearly", "around", "with", "in", "on",
             "after", "police", "officials", "authorities", "turnout", "final", "official", "rescue",
             "power", "hospitals", "many", "most", "several", "only", "this", "it", "its", "their",
             "our", "we", "they", "there", "supporters", "schools", "prosecutors", "revenue", "sales",
             "net", "annual", "core", "real", "wages", "trade", "symptoms", "roads", "trees", "shelters",
             "footage", "video", "images", "volunteers", "under", "like", "both", "previous", "two",
             "three", "long", "lines", "crowds", "substitute", "young", "winger", "defence", "presiding",
             "judge", "relatives", "dozens", "pickets", "striking", "employers", "ministers", "commuters",
             "travellers", "parents", "patients", "business", "retailers", "farmers", "growers",
             "airports", "ports", "rescue", "soldiers", "floodwaters", "rising", "torrential", "electricity",
             "hospitals", "medical", "clinics", "roads", "highways", "mountain", "engineers", "experts",
             "critics", "analysts", "economists", "investors", "traders", "markets", "futures", "money",
             "mortgage", "borrowing", "lending", "laboratory", "genetic", "tests", "health", "teams",
             "community", "diplomats", "opposition", "observers", "monitors", "voters", "security",
             "campaigning", "inflation", "living", "fuel", "coalition", "negotiations", "chief"}


def _lower_first(s: str) -> str:
    w = s.split(" ", 1)[0]
    if w.lower() in _LOWER_OK and w[:1].isupper() and not w.isupper():
        return s[:1].lower() + s[1:]
    return s


def _upper_first(s: str) -> str:
    if s[:1] == '"':
        return '"' + s[1:2].upper() + s[2:]
    return s[:1].upper() + s[1:]


_LEAD_RE = re.compile(r'^((?:On|In|After|Before|Despite|Following|During|With|Under|According to|Since|'
                      r'Earlier|Late|Early|At|Across|For|Speaking to|Like|As with|Along with)\b[^,"]{2,70}), (.+)\.$')
_ATTR_RE = re.compile(r'^([^"].{20,}), ((?:the |an |a )?[\w\' .-]{3,60}?) (said|told reporters|added|reported|warned|said on \w+)\.$')
_QUOTE_RE = re.compile(r'^"([^"]{10,}),"\s+(said|told reporters|added) ([^"]+)\.$')
_QUOTE2_RE = re.compile(r'^"([^"]{10,}),"\s+([^"]+?) (said|told reporters|added|told [\w ]+?)((?: [^"]*)?)\.$')
_AND_RE = re.compile(r'^([^"]{25,}?), (and|while) ([^"]{25,})\.$')


def restructure(s: str, rnd) -> str:
    """One clause-level change if the sentence allows one; else the sentence unchanged."""
    m = _QUOTE_RE.match(s)
    if m:
        q, verb, who = m.groups()
        return f'{_upper_first(who)} {verb}: "{q}."'
    m = _QUOTE2_RE.match(s)
    if m:
        q, who, verb, tail = m.groups()
        return f'{_upper_first(who)} {verb}{tail}: "{q}."'
    m = _LEAD_RE.match(s)
    if m:
        head, rest = m.groups()
        return f"{_upper_first(rest)} {head[:1].lower() + head[1:]}."
    m = _ATTR_RE.match(s)
    if m and '"' not in s:
        body, who, verb = m.groups()
        return f"{_upper_first(who)} {verb} that {_lower_first(body)}."
    m = _AND_RE.match(s)
    if m and (m.group(3)[:1].isupper() or m.group(3).split(" ", 1)[0] in _LOWER_OK):
        a, conj, b = m.groups()
        if conj == "while":
            return f"While {_lower_first(b)}, {_lower_first(a)}."
        return f"{_upper_first(b)}, and {_lower_first(a)}."
    return s


_FIRST_WORDS = {k.split(" ")[0] for k in SYNONYMS} | {"said", "on"} | _BEFORE_NUMBER
# Every spelling a candidate word can have inside a sentence split on spaces: a set test per word
# is what keeps substitution cheap (most words are not candidates).
_CANDIDATES = frozenset(pre + w + post for w in _FIRST_WORDS for pre in ("", '"', "(")
                        for post in ("", ",", ".", ";", ":", '"', ',"', '."'))


def substitute(s: str, rnd, p: float) -> str:
    """Synonym substitution, each candidate replaced with probability p."""
    toks = s.split(" ")
    low = s.lower().split(" ")
    n = len(toks)
    skip = -1
    for i in [i for i, w in enumerate(low) if w in _CANDIDATES]:
        if i <= skip:
            continue
        tok = toks[i]
        core = tok.strip(_PUNCT)
        pre = tok[: tok.index(core)]
        post = tok[len(pre) + len(core):]
        lcore = core.lower()
        alt = None
        last = i
        if not post and i + 1 < n:
            nxt = low[i + 1]
            ncore = nxt.strip(_PUNCT)
            if ncore and nxt.startswith(ncore):
                alt = _SYN2.get(lcore + " " + ncore)
                if alt is not None:
                    post = toks[i + 1][len(ncore):]
                    last = i + 1
        if alt is None:
            if lcore == "said":
                nxt = low[i + 1] if i + 1 < n else ""
                alt = _SAID_STRONG if post[:1] in (".", ",") or nxt in ("that", "on", "in") else ("stated", "added")
            elif lcore == "on":
                if not post and i + 1 < n and toks[i + 1].strip(_PUNCT) in _WEEKDAY_SET and rnd() < p:
                    toks[i] = ""
                continue
            elif lcore in _BEFORE_NUMBER:
                if not post and i + 1 < n and toks[i + 1][:1].isdigit():
                    alt = SYNONYMS[lcore]
            else:
                alt = _SYN1.get(lcore)
        if alt is not None and rnd() < p:
            r = alt[int(rnd() * len(alt))]
            if core[:1].isupper():
                r = r[:1].upper() + r[1:]
            toks[i] = pre + r + post
            if last > i:
                toks[last] = ""
                skip = last
    return " ".join([t for t in toks if t])


def reword(s: str, rnd, p: float = 0.75) -> str:
    """A reworded sentence: synonyms substituted (each with probability p) and, when the
    sentence has one, a clause moved. Always differs from s."""
    t = substitute(s, rnd, p)
    if rnd() < 0.6 or t == s:
        t = restructure(t, rnd)
    if t == s:
        t = "Meanwhile, " + _lower_first(s)
    return _upper_first(t.strip())


# --------------------------------------------------------------------------------------------
# Page furniture written for this project: per-document lines a scraper picks up.
# --------------------------------------------------------------------------------------------

FURN_TOP = ("main img", "Representative image", "File photo", "Photograph: ({abbr})",
            "{person} at a news conference in {city} (file photo). Photograph:({abbr})",
            "Updated: {stamp}", "Share this article", "Listen to this article", "{mins} min read",
            "Published: {stamp}", "Image for representation only")
FURN_MIDDLE = ("Advertisement", "ADVERTISEMENT", "Watch: {hl}", "Also read: {hl}", "Read more: {hl}",
               "Recommended: {hl}", "Trending now", "Story continues below advertisement",
               "Also read | {hl}")
FURN_BOTTOM = ("(With inputs from agencies)", "(With inputs from Agencies)", "(With inputs from {abbr})",
               "This story has not been edited by {site} staff and is published from a syndicated feed.",
               "Tags: {country}, {topic_tag}", "Comments ({n})", "Follow us on {social} for the latest news",
               "Click here to subscribe to our newsletter", "Most read", "First published on {stamp}")
TOPIC_TAGS = {"election": "Elections", "earthquake": "Earthquakes", "central_bank": "Economy",
              "football": "Football", "trial": "Courts", "strike": "Labour", "company_results": "Business",
              "storm": "Weather", "diplomacy": "Diplomacy", "outbreak": "Health"}
FURNITURE_KINDS = frozenset(("byline", "dateline", "furniture", "site", "credit"))

_NUM_FIND = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w]|[.,]\d)|(?<![\w.,])\d+(?:\.\d+)?(?![\w]|[.,]\d)")


def curly(text: str) -> str:
    if '"' in text:
        if text[0] == '"':
            text = "“" + text[1:]
        text = text.replace(' "', " “").replace('("', "(“").replace('"', "”")
    return text.replace("'", "’")


def title_case(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def stamp(g: Gen, d) -> str:
    h = g.rng.randint(1, 12)
    return f"{MONTH_ABBR[d.month - 1]} {d.day}, {d.year}, {h:02d}:{g.rng.randint(0, 59):02d} {g.pick(('AM', 'PM'))} GMT"


def bump_number(old: str, rng: Random) -> str:
    if "," in old:
        v = int(old.replace(",", ""))
        return f"{v + max(1, int(v * rng.uniform(0.05, 0.5))):,}"
    if "." in old:
        dec = len(old.split(".")[1])
        v = float(old)
        return f"{v * rng.uniform(1.05, 1.4) + 10 ** -dec:.{dec}f}"
    v = int(old)
    return str(v + max(1, int(v * rng.uniform(0.1, 0.6))))


# --------------------------------------------------------------------------------------------
# Documents: a document is built as three segments of [text, kind] blocks (head, body, tail) so
# that furniture can be put where sites put it. kind: headline, byline, dateline, body, own,
# dup, furniture, site, credit.
# --------------------------------------------------------------------------------------------

class Draft:
    __slots__ = ("head", "body", "tail")

    def blocks(self) -> list:
        return self.head + self.body + self.tail


def base_draft(story: Story, site: Site, use_site_furniture: bool) -> Draft:
    d = Draft()
    d.head = [[story.headline, "headline"]]
    if use_site_furniture:
        d.head += [[t, "site"] for t in site.top]
    if story.byline:
        d.head.append([story.byline, "byline"])
    d.head.append([story.dateline, "dateline"])
    d.body = [[" ".join(p), "body"] for p in story.paras]
    d.tail = [[story.credit, "credit"]] if story.credit else []
    if use_site_furniture:
        d.tail += [[t, "site"] for t in site.bottom]
    return d


def finish_draft(d: Draft) -> tuple[str, list[int]]:
    blocks = d.blocks()
    return "\n\n".join(b[0] for b in blocks), [i for i, b in enumerate(blocks) if b[1] in FURNITURE_KINDS]


class CorpusGenerator:
    def __init__(self, seed: int, copies: tuple[int, int], levels: list[str], kinds: list[str],
                 singletons: float = 0.4) -> None:
        self.rng = FastRandom(seed)
        world = World(FastRandom(seed * 1_000_003 + 17))
        self.g = Gen(self.rng, world)
        self.world = world
        self.levels = levels
        self.kinds = kinds
        self.copies = copies
        ks = list(range(copies[0], copies[1] + 1))
        self.copy_weights = [0.72 ** (k - copies[0]) for k in ks]
        mean_copies = sum(k * w for k, w in zip(ks, self.copy_weights)) / sum(self.copy_weights)
        e = 1 + mean_copies
        self.p_singleton = singletons * e / ((1 - singletons) + singletons * e) if levels or kinds else 1.0
        self.events: dict[str, deque] = {t: deque(maxlen=40) for t in TOPICS}
        self.headlines: deque = deque(maxlen=300)
        self.n_docs = self.n_stories = self.n_events = 0
        self.day0 = datetime.date(2019, 1, 1).toordinal()
        self.day1 = datetime.date(2024, 12, 31).toordinal()

    # ---- events and stories -----------------------------------------------------------------

    def new_event(self, topic: str, day: int | None = None, follow_up: bool = True) -> tuple[str, dict]:
        g, rng = self.g, self.rng
        pool = self.events[topic]
        if follow_up and pool and rng.random() < 0.15:
            eid, old = pool[int(rng.random() * len(pool))]
            ctx = dict(old)
            self.set_day(ctx, old["_date"].toordinal() + rng.randint(1, 10))
            for key in GROWING.get(topic, ()):
                v = int(ctx[key].replace(",", ""))
                v += max(1, int(v * rng.uniform(0.05, 0.5)))
                if key == "counted":
                    v = min(v, 99)
                ctx[key] = f"{v:,}"
            return eid, ctx
        if day is None:
            day = rng.randint(self.day0, self.day1)
        ctx = base_ctx(g, day)
        TOPICS[topic](g, ctx)
        if topic in HARD_NEWS:
            ctx["tags"] = ctx["tags"] | {"hard"}
        self.n_events += 1
        eid = f"e{self.n_events:07d}"
        pool.append((eid, ctx))
        return eid, ctx

    @staticmethod
    def set_day(ctx: dict, day: int) -> None:
        d = datetime.date.fromordinal(day)
        ctx.update(_date=d, weekday=WEEKDAYS[d.weekday()], weekday2=WEEKDAYS[(d.weekday() + 1) % 7],
                   year=str(d.year), month_prev=MONTHS[(d.month - 2) % 12], next_month=MONTHS[d.month % 12])

    def make_story(self, topic: str, site: Site, n_paras: int, eid_ctx=None) -> tuple[Story, Composer]:
        g, rng = self.g, self.rng
        eid, ctx = eid_ctx or self.new_event(topic)
        comp = Composer(g, topic, ctx)
        st = Story()
        self.n_stories += 1
        st.sid, st.eid, st.topic, st.ctx, st.site = f"s{self.n_stories:07d}", eid, topic, ctx, site
        st.date = ctx["_date"]
        st.headline = comp.headline()
        st.paras = comp.body(n_paras)
        city = ctx["city"] if rng.random() < 0.7 else ctx["capital"]
        d = st.date
        if site.agency:
            st.byline = f"By {g.person()[0]}" if rng.random() < 0.85 else None
            st.dateline = f"{city.upper()}, {MONTHS[d.month - 1]} {d.day} ({site.abbr})"
            st.credit = (g.pick((f"(Reporting by {g.person()[0]}; Editing by {g.person()[0]})",
                                 f"(Reporting by {g.person()[0]} in {city}; Writing by {g.person()[0]})",
                                 f"(Reporting by {g.person()[0]}; additional reporting by {g.person()[0]})"))
                         if rng.random() < 0.6 else None)
        else:
            st.byline = self.site_byline(site)
            st.dateline = g.pick((f"{city}, {MONTHS[d.month - 1]} {d.day}, {d.year}",
                                  f"{city} | {MONTH_ABBR[d.month - 1]} {d.day}, {d.year}"))
            st.credit = None
        self.headlines.append(st.headline)
        return st, comp

    def site_byline(self, site: Site) -> str | None:
        if site.byline == "person":
            return f"By {self.g.person()[0]}"
        return None if site.byline == "none" else site.byline

    def n_paras(self) -> int:
        return int(self.rng.triangular(6, 15.999, 12))

    def doc_id(self, site: Site, date, headline: str) -> str:
        self.n_docs += 1
        return f"{site.slug}/{date.isoformat()}/{slugify(headline)}-{self.n_docs}"

    # ---- edits ------------------------------------------------------------------------------

    def reword_sentences(self, paras: list[list[str]], count: int, p: float) -> None:
        idx = [(i, j) for i, para in enumerate(paras) for j in range(len(para))]
        for i, j in self.rng.sample(idx, min(count, len(idx))):
            paras[i][j] = reword(paras[i][j], self.rng.random, p)

    def drop_paragraphs(self, paras: list, n: int, keep_first: bool = True) -> None:
        for _ in range(n):
            if len(paras) <= 3:
                return
            del paras[self.rng.randint(1 if keep_first else 0, len(paras) - 1)]

    def surface(self, d: Draft, story: Story, comp: Composer, site: Site, edits: list, p_head: float,
                new_date) -> None:
        """The light edits: headline, byline, dateline, furniture, scraper duplicate, case,
        quotes, whitespace."""
        g, rng, rnd = self.g, self.rng, self.rng.random
        head, body, tail = d.head, d.body, d.tail
        if p_head and rnd() < p_head:
            for _ in range(6):
                h = comp.headline()
                if h != story.headline:
                    head[0][0] = h
                    edits.append("new_headline")
                    break
        # byline
        bl = self.site_byline(site) if rnd() < 0.8 else None
        old = next((b for b in head if b[1] == "byline"), None)
        if (old[0] if old else None) != bl:
            if old:
                head.remove(old)
            if bl:
                head.insert(1, [bl, "byline"])
            edits.append("byline")
        # dateline
        r = rnd()
        dl = next((b for b in head if b[1] == "dateline"), None)
        if dl and r < 0.5:
            city = story.ctx["city"]
            edits.append("dateline")
            if r < 0.12:
                head.remove(dl)
            elif r < 0.28:
                dl[0] = f"{city}Updated: {stamp(g, new_date)}"
            elif r < 0.4 and body:
                head.remove(dl)
                body[0][0] = f"{g.pick((city.upper() + ':', city + ' -', city.upper() + ' —'))} {body[0][0]}"
            else:
                dl[0] = g.pick((f"{city}, {new_date.isoformat()}", f"{city.upper()} | {MONTHS[new_date.month - 1]} {new_date.day}"))
        # the site's own fixed furniture, on (nearly) every article of that site
        if site.furniture_rate and rnd() < site.furniture_rate:
            head[1:1] = [[t, "site"] for t in site.top]
            tail.extend([t, "site"] for t in site.bottom)
            edits.append("site_furniture")
        # page furniture picked up by the scraper
        if rnd() < 0.85:
            fill = {"abbr": g.pick(AGENCIES)[1], "person": g.person()[0], "city": story.ctx["city"],
                    "stamp": stamp(g, new_date), "n": str(rng.randint(2, 240)), "mins": str(rng.randint(2, 9)), "site": site.name,
                    "country": story.ctx["country"], "topic_tag": TOPIC_TAGS[story.topic],
                    "social": g.pick(SOCIAL)}
            for _ in range(rng.randint(1, 4)):
                r = rnd()
                if r < 0.35:
                    head.append([g.pick(FURN_TOP).format(**fill), "furniture"])
                elif r < 0.7 and len(body) > 2:
                    fill["hl"] = self.headlines[int(rnd() * len(self.headlines))]
                    body.insert(rng.randint(1, len(body) - 1), [g.pick(FURN_MIDDLE).format(**fill), "furniture"])
                else:
                    tail.insert(0, [g.pick(FURN_BOTTOM).format(**fill), "furniture"])
            edits.append("furniture")
        # a paragraph duplicated by the scraper (as a highlight, or repeated further down)
        bodies = [i for i, b in enumerate(body) if b[1] in ("body", "own")]
        if bodies and rnd() < 0.35:
            i = bodies[int(rnd() * len(bodies))]
            if rnd() < 0.45:
                head.extend((["Story highlights", "furniture"], [body[i][0], "dup"]))
            else:
                body.insert(rng.randint(i + 1, len(body)), [body[i][0], "dup"])
            edits.append("duplicated_paragraph")
        # case
        if site.title_case or rnd() < 0.2:
            r = rnd()
            if site.title_case or r < 0.4:
                head[0][0] = title_case(head[0][0]) if site.title_case or r < 0.25 else head[0][0].upper()
            elif r < 0.7 and body:
                w = body[0][0].split(" ")
                k = rng.randint(2, 4)
                body[0][0] = " ".join([x.upper() for x in w[:k]] + w[k:])
            else:
                for b in head:
                    if b[1] in ("dateline", "byline"):
                        b[0] = b[0].upper()
            edits.append("case")
        # quotes
        if site.curly or rnd() < 0.15:
            for seg in (head, body, tail):
                for b in seg:
                    b[0] = curly(b[0])
            edits.append("quotes")
        # whitespace inside paragraphs (never the paragraph separator)
        if rnd() < 0.35:
            blocks = head + body + tail
            for _ in range(rng.randint(1, 3)):
                b = blocks[int(rnd() * len(blocks))]
                r = rnd()
                if r < 0.3:
                    b[0] = b[0].replace(". ", ".  ")
                elif r < 0.55:
                    b[0] = b[0] + g.pick((" ", "  ", "\t"))
                elif r < 0.75:
                    b[0] = " " + b[0]
                else:
                    b[0] = b[0].replace(" ", "\u00a0", rng.randint(1, 3))
            edits.append("whitespace")

    def change_numbers(self, story: Story, paras: list[list[str]], headline: str) -> tuple[list, str, bool]:
        rng = self.rng
        text = headline + " " + " ".join(" ".join(p) for p in paras)
        pref = [story.ctx[k] for k in GROWING.get(story.topic, ()) if k in story.ctx]
        found = [x for x in dict.fromkeys(_NUM_FIND.findall(text))
                 if not (len(x) == 4 and x.isdigit() and 1900 <= int(x) <= 2099)]
        pref = [x for x in pref if x in found]
        rest = [x for x in found if x not in pref]
        rng.shuffle(rest)
        chosen = (pref + rest)[: 2 if rng.random() < 0.6 else 1]
        if not chosen:
            return paras, headline, False
        mapping = {old: bump_number(old, rng) for old in chosen}

        def swap(m):
            return mapping.get(m.group(0), m.group(0))
        paras = [[_NUM_FIND.sub(swap, s) for s in p] for p in paras]
        headline = _NUM_FIND.sub(swap, headline)
        return paras, headline, True

    def make_copy(self, story: Story, comp: Composer, site: Site, level: str, kind: str) -> tuple[Draft, list]:
        rng, rnd = self.rng, self.rng.random
        edits: list[str] = []
        paras = [list(p) for p in story.paras]
        own: set[int] = set()
        headline = story.headline
        if kind == "trimmed":
            keep = max(2, round(len(paras) * rng.uniform(0.3, 0.6)))
            paras = paras[:keep]
            edits.append("trimmed")
        elif kind == "extended":
            k = rng.randint(3, 8)
            extra = comp.own_paragraphs(k, site.name)
            nb = rng.randint(0, k)
            paras = extra[:nb] + paras + extra[nb:]
            own = set(range(nb)) | set(range(nb + len(story.paras), len(paras)))
            edits.append("extended")
        elif kind == "update":
            paras, headline, ok = self.change_numbers(story, paras, headline)
            if ok:
                edits.append("numbers_changed")
        elif level == "medium":
            self.reword_sentences(paras, rng.randint(1, 2), 0.8)
            edits.append("reworded")
            self.drop_paragraphs(paras, 1 if len(paras) <= 7 else rng.randint(1, 2))
            edits.append("dropped_paragraphs")
            pos = rng.randint(1, len(paras))
            paras.insert(pos, comp.own_paragraphs(1, site.name)[0])
            own = {pos}
            edits.append("added_paragraph")
            i = rng.randint(1, len(paras) - 2)
            paras[i], paras[i + 1] = paras[i + 1], paras[i]
            own = {i + 1 if x == i else i if x == i + 1 else x for x in own}
            edits.append("swapped_paragraphs")
        elif level == "heavy":
            total = sum(len(p) for p in paras)
            self.reword_sentences(paras, max(2, round(total * rng.uniform(0.3, 0.6))), 0.9)
            edits.append("reworded")
            multi = [i for i, p in enumerate(paras) if len(p) > 1 and i > 0]
            for i in rng.sample(multi, min(len(multi), rng.randint(1, 3))):
                paras[i] = [paras[i][0]]
            if multi:
                edits.append("summarized")
            self.drop_paragraphs(paras, max(2, round(len(paras) * rng.uniform(0.2, 0.35))))
            edits.append("dropped_paragraphs")
            if rnd() < 0.5:
                pos = rng.randint(1, len(paras))
                paras.insert(pos, comp.own_paragraphs(1, site.name)[0])
                own = {pos}
                edits.append("added_paragraph")
        d = Draft()
        d.head = [[headline, "headline"]]
        if story.byline:
            d.head.append([story.byline, "byline"])
        d.head.append([story.dateline, "dateline"])
        d.body = [[" ".join(p), "own" if i in own else "body"] for i, p in enumerate(paras)]
        d.tail = [[story.credit, "credit"]] if story.credit and rnd() < 0.5 else []
        p_head = {"light": 0.75, "medium": 0.9, "heavy": 1.0}[level] if kind == "copy" else 0.5
        if level == "heavy":
            head_before = d.head[0][0]
            self.surface(d, story, comp, site, edits, 1.0, story.date)
            if d.head[0][0] == head_before:
                d.head[0][0] = reword(head_before, rnd, 1.0)
                edits.append("new_headline")
        else:
            self.surface(d, story, comp, site, edits, p_head, story.date)
        return d, edits

    # ---- clusters -----------------------------------------------------------------------------

    def pick_level(self) -> str:
        w = {"light": 0.4, "medium": 0.35, "heavy": 0.25}
        total = sum(w[x] for x in self.levels)
        r = self.rng.random() * total
        for x in self.levels:
            r -= w[x]
            if r < 0:
                return x
        return self.levels[-1]

    def pick_kind(self, n_paras: int) -> str:
        r = self.rng.random()
        ks = self.kinds
        if r < 0.08 and "trimmed" in ks and n_paras >= 9:
            return "trimmed"
        if 0.08 <= r < 0.15 and "extended" in ks:
            return "extended"
        if 0.15 <= r < 0.21 and "update" in ks:
            return "update"
        if not self.levels:
            return next(k for k in ("extended", "update", "trimmed") if k in ks)
        return "copy"

    def truth(self, doc_id, story, role, level, kind, edits, base, site, furniture) -> dict:
        return {"id": doc_id, "cluster": story.sid, "role": role, "level": level, "kind": kind,
                "edits": edits, "base": base, "site": site.slug, "topic": story.topic,
                "event": story.eid, "furniture": furniture}

    def base_doc(self, story: Story, role: str):
        d = base_draft(story, story.site, self.rng.random() < story.site.furniture_rate)
        if story.site.title_case:
            d.head[0][0] = title_case(d.head[0][0])
        if story.site.curly:
            for b in d.blocks():
                b[0] = curly(b[0])
        text, furn = finish_draft(d)
        doc_id = self.doc_id(story.site, story.date, story.headline)
        story.doc_id = doc_id
        return doc_id, text, self.truth(doc_id, story, role, "none", role if role == "distinct" else "original",
                                        [], None, story.site, furn)

    def copy_date(self, story: Story):
        return story.date + datetime.timedelta(days=self.rng.choice((0, 0, 0, 1, 1, 2, 3)))

    def generate(self, target: int):
        """Yields (id, text, truth) until about `target` documents have been made."""
        g, rng = self.g, self.rng
        topics = tuple(TOPICS)
        world = self.world
        while self.n_docs < target:
            topic = g.pick(topics)
            if rng.random() < self.p_singleton:
                site = g.pick(world.agencies) if rng.random() < 0.55 else g.pick(world.sites)
                n = self.n_paras() if rng.random() < 0.95 else rng.randint(2, 4)
                story, _ = self.make_story(topic, site, n)
                yield self.base_doc(story, "distinct")
                continue
            site = g.pick(world.agencies) if rng.random() < 0.85 else g.pick(world.sites)
            if "embedded" in self.kinds and rng.random() < 0.07:
                yield from self.embedded_cluster(topic, site)
                continue
            story, comp = self.make_story(topic, site, self.n_paras())
            yield self.base_doc(story, "original")
            k = rng.choices(range(self.copies[0], self.copies[1] + 1), self.copy_weights)[0]
            sites = rng.sample(world.sites, min(k, len(world.sites)))
            for i in range(k):
                kind = self.pick_kind(len(story.paras))
                level = "light" if kind != "copy" else self.pick_level()
                csite = sites[i % len(sites)]
                if kind == "update" and rng.random() < 0.4:
                    csite = story.site
                d, edits = self.make_copy(story, comp, csite, level, kind)
                if kind == "update" and "numbers_changed" not in edits:
                    kind = "copy"
                text, furn = finish_draft(d)
                doc_id = self.doc_id(csite, self.copy_date(story), d.head[0][0])
                yield doc_id, text, self.truth(doc_id, story, "copy", level, kind, edits, story.doc_id, csite, furn)

    def embedded_cluster(self, topic: str, agency: Site):
        """A short wire item (2-3 paragraphs) and long site articles that carry it inside their
        own, newly composed paragraphs about another event of the same topic."""
        g, rng = self.g, self.rng
        story, comp = self.make_story(topic, agency, rng.randint(2, 3))
        yield self.base_doc(story, "original")
        n_emb = 1 if rng.random() < 0.7 else 2
        n_light = rng.randint(0, 2) if "light" in self.levels else 0
        for site in rng.sample(self.world.sites, n_emb + n_light)[:n_emb]:
            host_ctx = self.new_event(topic, story.date.toordinal() + rng.randint(-3, 3), follow_up=False)
            host, host_comp = self.make_story(topic, site, rng.randint(8, 13), host_ctx)
            paras = host.paras + host_comp.own_paragraphs(rng.randint(0, 2), site.name)
            pos = rng.randint(2, len(paras) - 2)
            d = Draft()
            d.head = [[host.headline, "headline"]]
            if host.byline:
                d.head.append([host.byline, "byline"])
            d.head.append([host.dateline, "dateline"])
            d.body = ([[" ".join(p), "own"] for p in paras[:pos]] + [[" ".join(p), "body"] for p in story.paras]
                      + [[" ".join(p), "own"] for p in paras[pos:]])
            d.tail = []
            edits = ["embedded"]
            self.surface(d, host, host_comp, site, edits, 0.0, host.date)
            text, furn = finish_draft(d)
            doc_id = self.doc_id(site, host.date, d.head[0][0])
            yield doc_id, text, self.truth(doc_id, story, "copy", "light", "embedded", edits, story.doc_id,
                                           site, furn)
        for _ in range(n_light):
            site = g.pick(self.world.sites)
            d, edits = self.make_copy(story, comp, site, "light", "copy")
            text, furn = finish_draft(d)
            doc_id = self.doc_id(site, self.copy_date(story), d.head[0][0])
            yield doc_id, text, self.truth(doc_id, story, "copy", "light", "copy", edits, story.doc_id, site, furn)


# --------------------------------------------------------------------------------------------
# Output: seeded shuffle through temporary bucket files, then JSON Lines or a directory tree.
# --------------------------------------------------------------------------------------------

BUCKET_BYTES = 64 << 20


def open_out(path: str, compress: bool):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    raw = open(path, "wb")
    if compress:
        # filename='' and mtime=0 keep the gzip header free of names and times: same bytes every run
        return io.TextIOWrapper(gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6),
                                encoding="utf-8", newline="\n"), raw
    return io.TextIOWrapper(raw, encoding="utf-8", newline="\n"), None


class Stats:
    def __init__(self, lengths: bool = True) -> None:
        self.lengths = lengths  # counting words costs about a tenth of the run time
        self.by = Counter()
        self.docs = self.words = self.bytes = 0

    def add(self, text: str, truth: dict) -> None:
        self.docs += 1
        if self.lengths:
            self.words += len(text.split())
            self.bytes += len(text.encode("utf-8"))
        self.by["role", truth["role"]] += 1
        self.by["level", truth["level"]] += 1
        self.by["kind", truth["kind"]] += 1

    def report(self, out, seconds: float, out_bytes: int) -> None:
        print(f"documents: {self.docs}", file=out)
        for field in ("role", "level", "kind"):
            parts = ", ".join(f"{k}={v}" for (f, k), v in sorted(self.by.items()) if f == field)
            print(f"  by {field}: {parts}", file=out)
        if self.docs:
            print(f"mean length: {self.words / self.docs:.1f} words, {self.bytes / self.docs:.1f} bytes", file=out)
        mb = self.bytes / 1e6
        print(f"text: {mb:.1f} MB, output file(s): {out_bytes / 1e6:.1f} MB, {seconds:.1f} s, "
              f"{mb / max(seconds, 1e-9):.1f} MB/s of text", file=out)


def write_corpus(args) -> Stats:
    # Generation makes no reference cycles (memory stays flat with the collector off), and the
    # cyclic collector's passes over millions of short-lived objects cost 15-25% of the run time.
    gc.disable()
    try:
        return _write_corpus(args)
    finally:
        gc.enable()


def _write_corpus(args) -> Stats:
    gen = CorpusGenerator(args.seed, args.copies, args.levels, args.kinds, args.singletons)
    shuffle_rng = FastRandom(args.seed * 1_000_003 + 29)
    srnd = shuffle_rng.random
    k = max(1, math.ceil(args.docs * 4200 / BUCKET_BYTES))
    stats = Stats(args.stats)
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    tmp_parent = args.tmpdir or os.path.dirname(os.path.abspath(args.out)) or "."
    os.makedirs(tmp_parent, exist_ok=True)
    dir_mode = args.format == "dir"
    with tempfile.TemporaryDirectory(prefix=".generate_corpus-", dir=tmp_parent) as tmp:
        buckets = [open(os.path.join(tmp, f"b{i:04d}"), "w", encoding="utf-8", newline="\n",
                        buffering=1 << 20) for i in range(k)]
        for doc_id, text, truth in gen.generate(args.docs):
            if dir_mode:
                doc_id = truth["id"] = doc_id + ".txt"
                if truth["base"]:
                    truth["base"] += ".txt"
            stats.add(text, truth)
            # json escapes control characters, so a raw tab never occurs inside either record
            buckets[int(srnd() * k)].write(dumps({"id": doc_id, "text": text}) + "\t" + dumps(truth) + "\n")
        for b in buckets:
            b.close()
        outputs = []  # (text wrapper, underlying file or None), closed in order at the end
        truth_out = None
        if args.truth:
            outputs.append(open_out(args.truth, args.truth.endswith(".gz")))
            truth_out = outputs[-1][0]
        out = None
        made: set[str] = set()
        if dir_mode:
            os.makedirs(args.out, exist_ok=True)
        else:
            outputs.append(open_out(args.out, args.gzip or args.out.endswith(".gz")))
            out = outputs[-1][0]
        for i in range(k):
            path = os.path.join(tmp, f"b{i:04d}")
            with open(path, encoding="utf-8", newline="\n") as f:
                lines = f.read().split("\n")
            os.remove(path)
            lines.pop()
            shuffle_rng.shuffle(lines)
            for line in lines:
                doc, truth = line.split("\t", 1)
                if out:
                    out.write(doc + "\n")
                else:
                    rec = json.loads(doc)
                    p = os.path.join(args.out, rec["id"])
                    parent = os.path.dirname(p)
                    if parent not in made:
                        os.makedirs(parent, exist_ok=True)
                        made.add(parent)
                    with open(p, "w", encoding="utf-8", newline="\n") as f:
                        f.write(rec["text"])
                if truth_out:
                    truth_out.write(truth + "\n")
        for wrapper, raw in outputs:
            wrapper.close()
            if raw:
                raw.close()
    return stats


def parse_range(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d+)(?:[-,:](\d+))?", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"expected N or LO-HI, got {text!r}")
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    if not 1 <= lo <= hi <= 20:
        raise argparse.ArgumentTypeError(f"copies range {text!r} must satisfy 1 <= LO <= HI <= 20")
    return lo, hi


def parse_list(allowed: tuple[str, ...]):
    def parse(text: str) -> list[str]:
        items = [x.strip() for x in text.split(",") if x.strip()]
        if items == ["none"]:
            return []
        bad = [x for x in items if x not in allowed]
        if bad:
            raise argparse.ArgumentTypeError(f"unknown {bad}; allowed: {', '.join(allowed)} or none")
        return [x for x in allowed if x in items]
    return parse


LEVELS = ("light", "medium", "heavy")
PLANTED = ("trimmed", "extended", "embedded", "update")


# --------------------------------------------------------------------------------------------
# Self-test.
# --------------------------------------------------------------------------------------------

def self_test() -> None:
    def run(tmp, name, extra):
        out = os.path.join(tmp, name)
        args = build_parser().parse_args(["--docs", "600", "--seed", "5", "--out", out,
                                          "--truth", out + ".truth.jsonl"] + extra)
        write_corpus(args)
        return out, out + ".truth.jsonl"

    def read_bytes(path):
        with open(path, "rb") as f:
            return f.read()

    with tempfile.TemporaryDirectory() as tmp:
        a, ta = run(tmp, "a.jsonl", [])
        b, tb = run(tmp, "b.jsonl", [])
        assert read_bytes(a) == read_bytes(b) and read_bytes(ta) == read_bytes(tb), "not deterministic"
        # in fresh interpreters with different string-hash seeds: no set or hash order may leak
        import subprocess
        for hash_seed in ("1", "2"):
            out = os.path.join(tmp, f"h{hash_seed}.jsonl")
            subprocess.run([sys.executable, os.path.abspath(__file__), "--docs", "600", "--seed", "5",
                            "--out", out, "--truth", out + ".truth.jsonl"], check=True,
                           env=dict(os.environ, PYTHONHASHSEED=hash_seed))
            assert read_bytes(out) == read_bytes(a), f"output depends on PYTHONHASHSEED={hash_seed}"
            assert read_bytes(out + ".truth.jsonl") == read_bytes(ta), "truth depends on the hash seed"
        c, _ = run(tmp, "c.jsonl", ["--seed", "6"])
        assert read_bytes(a) != read_bytes(c), "the seed changes nothing"
        z1, _ = run(tmp, "z1.jsonl.gz", ["--gzip"])
        z2, _ = run(tmp, "z2.jsonl.gz", ["--gzip"])
        assert read_bytes(z1) == read_bytes(z2), "gzip output not deterministic"
        assert gzip.decompress(read_bytes(z1)) == read_bytes(a), "gzip output differs from plain output"

        docs = [json.loads(x) for x in read_bytes(a).decode("utf-8").splitlines()]
        truth = [json.loads(x) for x in read_bytes(ta).decode("utf-8").splitlines()]
        ids = Counter(d["id"] for d in docs)
        assert all(v == 1 for v in ids.values()), "duplicate ids in the corpus"
        tids = Counter(t["id"] for t in truth)
        assert tids == ids, "truth ids and corpus ids differ"
        assert 540 <= len(docs) <= 700, f"asked for 600 documents, got {len(docs)}"
        by_id = {t["id"]: t for t in truth}
        text = {d["id"]: d["text"] for d in docs}
        clusters = Counter(t["cluster"] for t in truth)
        for t in truth:
            assert t["role"] in ("original", "copy", "distinct") and t["level"] in ("none",) + LEVELS
            if t["role"] == "copy":
                base = by_id[t["base"]]
                assert base["role"] == "original" and base["cluster"] == t["cluster"], t
                assert t["level"] != "none" and t["edits"], t
            else:
                assert t["base"] is None and t["level"] == "none" and t["edits"] == []
            if t["role"] == "distinct":
                assert clusters[t["cluster"]] == 1, t
            if t["role"] == "original":
                assert clusters[t["cluster"]] >= 2, t
            paras = text[t["id"]].split("\n\n")
            assert all(p.strip() for p in paras), "empty paragraph"
            assert all(0 <= i < len(paras) for i in t["furniture"]), t
        singles = sum(1 for t in truth if t["role"] == "distinct") / len(truth)
        assert 0.3 <= singles <= 0.5, f"singleton share {singles:.2f}"
        kinds = Counter(t["kind"] for t in truth)
        levels = Counter(t["level"] for t in truth if t["kind"] == "copy")
        for k in ("original", "copy", "distinct", "trimmed", "extended", "embedded", "update"):
            assert kinds[k] > 0, f"no documents of kind {k}: {kinds}"
        for lv in LEVELS:
            assert levels[lv] > 0, f"no copies at level {lv}"

        # base stories: 6-15 paragraphs of 1-3 sentences of 12-35 words
        gen = CorpusGenerator(3, (1, 7), list(LEVELS), list(PLANTED))
        bad = 0
        for i in range(300):
            n = gen.n_paras()
            assert 6 <= n <= 15
            story, _ = gen.make_story(tuple(TOPICS)[i % len(TOPICS)], gen.world.agencies[0], n)
            assert len(story.paras) == n and all(1 <= len(p) <= 3 for p in story.paras)
            bad += sum(1 for p in story.paras for s in p if not 12 <= len(s.split()) <= 35)
        assert bad == 0, f"{bad} sentences outside 12-35 words"

        d, _ = run(tmp, "tree", ["--format", "dir"])
        files = sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)
        dtruth = [json.loads(x) for x in read_bytes(d + ".truth.jsonl").decode().splitlines()]
        assert files == sorted(t["id"] for t in dtruth), "dir format: files and truth ids differ"
        dids = set(files)
        assert all(t["base"] is None or t["base"] in dids for t in dtruth), "dir format: a base is not a file"
    print("self-test passed", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="output path: a .jsonl file (format jsonl) or a directory (format dir)")
    ap.add_argument("--truth", help="ground truth JSON Lines, one record per document (.gz to compress)")
    ap.add_argument("--docs", type=int, default=1000, help="approximate number of documents (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--copies-per-story", dest="copies", type=parse_range, default=(1, 7),
                    help="copies made of a story that has copies, LO-HI (default 1-7: clusters of 2-8)")
    ap.add_argument("--levels", type=parse_list(LEVELS), default=list(LEVELS),
                    help="edit levels of plain copies, comma-separated (default light,medium,heavy)")
    ap.add_argument("--kinds", type=parse_list(PLANTED), default=list(PLANTED),
                    help="planted kinds, comma-separated or none (default trimmed,extended,embedded,update)")
    ap.add_argument("--singletons", type=float, default=0.4,
                    help="share of documents that are distinct stories without copies (default 0.4)")
    ap.add_argument("--format", choices=("jsonl", "dir"), default="jsonl",
                    help="jsonl: one {id, text} object per line; dir: one .txt file per document, "
                         "the id being its relative path")
    ap.add_argument("--gzip", action="store_true", help="gzip the JSON Lines output")
    ap.add_argument("--tmpdir", help="where the shuffle buckets go (default: next to --out)")
    ap.add_argument("--stats", action="store_true", help="print counts and mean lengths to stderr")
    ap.add_argument("--self-test", action="store_true", help="run the built-in checks and exit")
    return ap


def main(argv=None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    if args.self_test:
        self_test()
        return 0
    if not args.out:
        ap.error("--out is required")
    if args.docs < 1:
        ap.error(f"--docs ({args.docs}) must be at least 1")
    if not 0 <= args.singletons <= 1:
        ap.error(f"--singletons ({args.singletons}) must be between 0 and 1")
    if args.gzip and args.format == "dir":
        ap.error("--gzip applies to the jsonl format only")
    if not args.levels and args.kinds == ["embedded"]:
        ap.error("--levels none needs another planted kind than embedded")
    t0 = time.perf_counter()
    stats = write_corpus(args)
    seconds = time.perf_counter() - t0
    if args.stats:
        size = 0
        for p in (args.out, args.truth):
            if p and os.path.isfile(p):
                size += os.path.getsize(p)
        stats.report(sys.stderr, seconds, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
