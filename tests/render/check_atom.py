#!/usr/bin/python3
"""Reads an Atom feed the way a feed reader does and checks RFC 4287's required elements.

  check_atom.py FILE   prints one JSON object: {"bozo", "bozo_exception", "feed", "entries", "rfc4287"}
"rfc4287" lists every violation of the must-haves of RFC 4287 section 4.1 found with a plain XML
parser (exactly one id, title and updated per feed and entry, dates in RFC 3339 form, an author for
every entry, an alternate link or content per entry, absolute IRIs for ids).
Runs under Debian's /usr/bin/python3 so that python3-feedparser is the one imported.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def exactly_one(parent, name, where, problems):
    found = parent.findall(ATOM + name)
    if len(found) != 1:
        problems.append(f"{where} has {len(found)} atom:{name}, needs exactly one")
        return None
    return found[0]


def check_common(element, where, problems):
    ident = exactly_one(element, "id", where, problems)
    if ident is not None and not IRI.match(ident.text or ""):
        problems.append(f"{where} atom:id is not an absolute IRI: {ident.text!r}")
    exactly_one(element, "title", where, problems)
    updated = exactly_one(element, "updated", where, problems)
    if updated is not None and not DATE.match(updated.text or ""):
        problems.append(f"{where} atom:updated is not an RFC 3339 date: {updated.text!r}")
    for published in element.findall(ATOM + "published"):
        if not DATE.match(published.text or ""):
            problems.append(f"{where} atom:published is not an RFC 3339 date: {published.text!r}")
    for author in element.findall(ATOM + "author"):
        if len(author.findall(ATOM + "name")) != 1:
            problems.append(f"{where} atom:author needs exactly one atom:name")
    for link in element.findall(ATOM + "link"):
        if not link.get("href"):
            problems.append(f"{where} atom:link without href")


def rfc4287(path):
    problems = []
    root = ET.parse(path).getroot()
    if root.tag != ATOM + "feed":
        return [f"root element is {root.tag}, not atom:feed"]
    check_common(root, "feed", problems)
    feed_author = bool(root.findall(ATOM + "author"))
    for i, entry in enumerate(root.findall(ATOM + "entry")):
        where = f"entry {i + 1}"
        check_common(entry, where, problems)
        if not feed_author and not entry.findall(ATOM + "author"):
            problems.append(f"{where} has no atom:author and neither has the feed")
        alternates = [l for l in entry.findall(ATOM + "link") if l.get("rel", "alternate") == "alternate"]
        if not entry.findall(ATOM + "content") and not alternates:
            problems.append(f"{where} has neither atom:content nor an alternate atom:link")
    return problems


def main():
    path = sys.argv[1]
    parsed = feedparser.parse(path)
    out = {
        "bozo": bool(parsed.bozo),
        "bozo_exception": str(parsed.get("bozo_exception", "")),
        "feed": {"title": parsed.feed.get("title"), "id": parsed.feed.get("id")},
        "entries": [
            {
                "title": e.get("title"),
                "id": e.get("id"),
                "link": e.get("link"),
                "links": [{"rel": l.get("rel"), "href": l.get("href")} for l in e.get("links", [])],
                "published": e.get("published"),
                "updated": e.get("updated"),
                "author": e.get("author"),
                "summary": e.get("summary"),
            }
            for e in parsed.entries
        ],
        "rfc4287": rfc4287(path),
    }
    print(json.dumps(out, ensure_ascii=False))


main()
