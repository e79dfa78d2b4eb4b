#!/usr/bin/env python3
"""Convert the Reuters-21578 SGML files (reut2-000.sgm .. reut2-021.sgm) to JSON Lines.

One output line per <REUTERS> record, in the order the records appear in the files
(which is NEWID order 1..21578):

    {"id": "<NEWID>", "text": "<BODY>", "title": "<TITLE>", "date": "<DATE>"}

* text  = content of <BODY>...</BODY>, entities decoded, control characters dropped
          (the &#3; end-of-text marker included); the trailing "Reuter"/"REUTER" sign-off
          line is kept as is. Records without a <BODY> (TEXT TYPE="BRIEF"/"UNPROC") get "".
* title = content of <TITLE>...</TITLE>, decoded, surrounding whitespace stripped ("" if absent).
* date  = content of <DATE>...</DATE>, decoded, surrounding whitespace stripped.

The data is third-party (Reuters Ltd., research use only) and is read in place; nothing
from it is stored in the repository. The files are parsed with a tolerant line-based state
machine plus regexes, not an SGML parser (see the dataset README).

Usage:
    scripts/reuters_to_jsonl.py [--dir DIR] [--out FILE[.gz]] [--ascii]

Counts (records, with body, brief, unproc) are printed to stderr.
"""

from __future__ import annotations

import argparse
import gzip
import html
import html.entities
import io
import json
import os
import re
import sys
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent / ".." / ".." / "shared" / "datasets" / "reuters21578"
N_FILES = 22
EXPECTED_RECORDS = 21578

RE_REUTERS_OPEN = re.compile(r"<REUTERS\b([^>]*)>")
RE_REUTERS_CLOSE = re.compile(r"</REUTERS>")
RE_NEWID = re.compile(r'\bNEWID\s*=\s*"?(\d+)"?')
RE_DATE = re.compile(r"<DATE>(.*?)</DATE>", re.S)
RE_TEXT = re.compile(r"<TEXT\b([^>]*)>(.*?)</TEXT>", re.S)
RE_TEXT_OPEN = re.compile(r"<TEXT\b([^>]*)>")
RE_TYPE = re.compile(r'\bTYPE\s*=\s*"?([A-Za-z]+)"?')
RE_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
RE_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)

# Character references and named entities (with a terminating ';' only, so that a bare
# '&' in running text such as "AT&T" is left alone).
RE_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def _is_control(cp: int) -> bool:
    """C0 controls except TAB/LF/CR, DEL, and C1 controls."""
    if cp in (9, 10, 13):
        return False
    return cp < 32 or 127 <= cp <= 159


_CONTROL_DELETE = {cp: None for cp in range(160) if _is_control(cp)}


def _decode_entity(m: re.Match) -> str:
    ref = m.group(1)
    if ref[0] == "#":
        try:
            cp = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
        except ValueError:
            return m.group(0)
        if _is_control(cp):
            return ""  # &#2; / &#3; text markers, &#5; &#22; &#127; ... noise: dropped
        if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
            return m.group(0)
        return chr(cp)
    # Named entity: decode only exact HTML5 names (e.g. &lt; &gt; &amp;); leave anything
    # unknown untouched rather than letting html.unescape prefix-match it.
    return html.entities.html5.get(ref + ";", m.group(0))


def decode(s: str) -> str:
    """Decode SGML entities and drop raw/encoded control characters."""
    s = RE_ENTITY.sub(_decode_entity, s)
    # Raw control characters (none expected in the distribution, but be tolerant).
    return s.translate(_CONTROL_DELETE)


def parse_record(open_attrs: str, body_lines: list[str]) -> dict:
    """Parse one record. open_attrs: attributes of the <REUTERS> tag; body_lines: lines in between."""
    raw = "".join(body_lines)
    m = RE_NEWID.search(open_attrs)
    newid = m.group(1) if m else ""

    m = RE_DATE.search(raw)
    date = decode(m.group(1)).strip() if m else ""

    text_type = "NORM"
    title = ""
    body = None
    m = RE_TEXT.search(raw)
    if m:
        attrs, text_raw = m.group(1), m.group(2)
    else:
        # Tolerate a missing </TEXT>: take everything after <TEXT ...>.
        mo = RE_TEXT_OPEN.search(raw)
        attrs, text_raw = (mo.group(1), raw[mo.end():]) if mo else ("", "")
    mt = RE_TYPE.search(attrs)
    if mt:
        text_type = mt.group(1).upper()
    mt = RE_TITLE.search(text_raw)
    if mt:
        title = decode(mt.group(1)).strip()
    mb = RE_BODY.search(text_raw)
    if mb:
        body = decode(mb.group(1))

    return {
        "id": newid,
        "text": body if body is not None else "",
        "title": title,
        "date": date,
        "_has_body": body is not None,
        "_type": text_type,
    }


def iter_records(path: Path):
    """Tolerant line state machine: <REUTERS ...> opens a record, </REUTERS> closes it.

    A new <REUTERS> before a </REUTERS> closes the previous record; a record still open at
    end of file is emitted as well.
    """
    with open(path, "r", encoding="latin-1", newline="") as f:
        open_attrs = None
        lines: list[str] = []
        for line in f:
            if open_attrs is None:
                m = RE_REUTERS_OPEN.search(line)
                if m:
                    open_attrs = m.group(1)
                    lines = [line[m.end():]]
                continue
            mo = RE_REUTERS_OPEN.search(line)
            mc = RE_REUTERS_CLOSE.search(line)
            if mc and (not mo or mc.start() < mo.start()):
                lines.append(line[: mc.start()])
                yield parse_record(open_attrs, lines)
                open_attrs = None
                lines = []
                rest = line[mc.end():]
                m = RE_REUTERS_OPEN.search(rest)
                if m:
                    open_attrs = m.group(1)
                    lines = [rest[m.end():]]
            elif mo:
                print(f"warning: {path.name}: <REUTERS> without </REUTERS>", file=sys.stderr)
                lines.append(line[: mo.start()])
                yield parse_record(open_attrs, lines)
                open_attrs = mo.group(1)
                lines = [line[mo.end():]]
            else:
                lines.append(line)
        if open_attrs is not None:
            print(f"warning: {path.name}: record open at end of file", file=sys.stderr)
            yield parse_record(open_attrs, lines)


def open_out(path: str | None):
    if path is None or path == "-":
        return io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=False)
    if path.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "wb"), encoding="utf-8", newline="\n")
    return open(path, "w", encoding="utf-8", newline="\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", default=str(DEFAULT_DIR),
                    help="directory holding reut2-000.sgm .. reut2-021.sgm (default: %(default)s)")
    ap.add_argument("--out", default=None, help="output file (.gz => gzip); default stdout")
    ap.add_argument("--ascii", action="store_true",
                    help="escape non-ASCII characters as \\uXXXX (default: raw UTF-8)")
    args = ap.parse_args(argv)

    d = Path(args.dir)
    files = [d / f"reut2-{i:03d}.sgm" for i in range(N_FILES)]
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        print(f"error: missing input files: {', '.join(missing)}", file=sys.stderr)
        return 2

    n = with_body = brief = unproc = 0
    prev_id = 0
    order_ok = True
    out = open_out(args.out)
    try:
        for p in files:
            for rec in iter_records(p):
                n += 1
                with_body += rec.pop("_has_body")
                t = rec.pop("_type")
                brief += t == "BRIEF"
                unproc += t == "UNPROC"
                if not rec["id"].isdigit() or int(rec["id"]) != prev_id + 1:
                    order_ok = False
                prev_id = int(rec["id"]) if rec["id"].isdigit() else prev_id
                out.write(json.dumps(rec, ensure_ascii=args.ascii) + "\n")
    finally:
        if out is not None and args.out not in (None, "-"):
            out.close()
        else:
            out.flush()
            out.detach()

    print(f"records: {n}", file=sys.stderr)
    print(f"with body: {with_body}", file=sys.stderr)
    print(f"brief: {brief}", file=sys.stderr)
    print(f"unproc: {unproc}", file=sys.stderr)
    print(f"without body (text \"\"): {n - with_body}", file=sys.stderr)
    if n != EXPECTED_RECORDS:
        print(f"warning: expected {EXPECTED_RECORDS} records, got {n}", file=sys.stderr)
    if not order_ok:
        print("warning: NEWIDs are not the sequence 1..N in file order", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
