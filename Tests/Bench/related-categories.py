#!/usr/bin/env python3
"""How often related-paper links join papers that share an arXiv category, against random pairing.

    related-categories.py OUTPUT_DIR [--seed 1] [--partners 20]

OUTPUT_DIR is a site Quire built from arXiv exports (or any digests that give arXiv
categories). For every paper page, the script reads its arXiv categories (the "arXiv
categories" line of its details) and its related papers (the "Related papers" section), then
prints:

- the share of related links whose two papers share at least one category, and share their
  primary category;
- the same shares for random pairs: for each paper, `--partners` other papers drawn at random
  (seeded), which is what related links would score if they knew nothing of the text.

    related-categories.py --atom-from-jsonl DIR OUT_DIR [--days N]

writes arXiv Atom exports (one per day, as `quire fetch arxiv` would) from JSON Lines files of
papers, one object per line with `id`, `title`, `summary`, `authors` and `categories` (the
first the primary), such as the daily files some arXiv digest projects keep, so that a real
corpus can be built with Quire and measured.
"""

import argparse
import glob
import html
import json
import os
import random
import re
import sys
from xml.sax.saxutils import escape


def read_site(output):
    """Per paper page path: (categories, primary category, [related page paths])."""
    pages = {}
    for path in glob.glob(os.path.join(output, "papers", "*", "index.html")):
        text = open(path, encoding="utf-8").read()
        if 'http-equiv="refresh"' in text:
            continue  # a moved paper's redirect page
        slug = os.path.basename(os.path.dirname(path))
        match = re.search(r"<dt>arXiv categories</dt><dd>(.*?)</dd>", text)
        categories, primary = [], None
        if match:
            for part in html.unescape(match.group(1)).split(", "):
                term = part.replace(" (primary)", "")
                categories.append(term)
                if part.endswith("(primary)"):
                    primary = term
        section = re.search(r'<section class="related".*?</section>', text, re.S)
        related = []
        if section:
            related = [
                link.rstrip("/").split("/")[-1]
                for link in re.findall(r'<li><a href="([^"]+)"', section.group(0))
            ]
        pages[slug] = (set(categories), primary, related)
    return pages


def shares(pairs, pages):
    """(any category in common, same primary category), as fractions of `pairs`."""
    if not pairs:
        return 0.0, 0.0
    common = sum(1 for a, b in pairs if pages[a][0] & pages[b][0])
    primary = sum(1 for a, b in pairs if pages[a][1] and pages[a][1] == pages[b][1])
    return common / len(pairs), primary / len(pairs)


def measure(args):
    pages = read_site(args.output)
    with_categories = sorted(slug for slug, page in pages.items() if page[0])
    if len(with_categories) < 2:
        sys.exit("related-categories: no paper page in %s names arXiv categories" % args.output)
    known = set(with_categories)
    related_pairs = [(slug, other) for slug in with_categories for other in pages[slug][2] if other in known]
    rng = random.Random(args.seed)
    random_pairs = []
    for slug in with_categories:
        for _ in range(args.partners):
            other = rng.choice(with_categories)
            while other == slug:
                other = rng.choice(with_categories)
            random_pairs.append((slug, other))
    related_common, related_primary = shares(related_pairs, pages)
    random_common, random_primary = shares(random_pairs, pages)
    print("papers with arXiv categories: %d" % len(with_categories))
    print("related links between them:   %d" % len(related_pairs))
    print("                        share a category   same primary category")
    print("related links           %6.1f%%             %6.1f%%" % (100 * related_common, 100 * related_primary))
    print("random pairs            %6.1f%%             %6.1f%%" % (100 * random_common, 100 * random_primary))


def atom_from_jsonl(args):
    files = sorted(glob.glob(os.path.join(args.atom_from_jsonl, "*.jsonl")))
    files = [f for f in files if re.fullmatch(r"\d{4}-\d{2}-\d{2}\.jsonl", os.path.basename(f))]
    if args.days:
        files = files[-args.days:]
    os.makedirs(args.out, exist_ok=True)
    seen = set()
    papers = 0
    for path in files:
        day = os.path.basename(path)[:10]
        entries = []
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if not line:
                continue
            paper = json.loads(line)
            identifier = paper.get("id")
            if not identifier or identifier in seen or not paper.get("categories"):
                continue
            seen.add(identifier)
            authors = "".join(
                "    <author><name>%s</name></author>\n" % escape(name) for name in paper.get("authors") or [])
            categories = "".join('    <category term="%s"/>\n' % escape(term) for term in paper["categories"])
            entries.append(
                "  <entry>\n"
                "    <id>http://arxiv.org/abs/%s</id>\n"
                "    <published>%sT00:00:00Z</published>\n"
                "    <updated>%sT00:00:00Z</updated>\n"
                "    <title>%s</title>\n"
                "    <summary>%s</summary>\n"
                "%s"
                '    <arxiv:primary_category term="%s"/>\n'
                "%s"
                "  </entry>\n"
                % (escape(identifier), day, day, escape(paper.get("title", "")), escape(paper.get("summary", "")),
                   authors, escape(paper["categories"][0]), categories))
        if not entries:
            continue
        papers += len(entries)
        with open(os.path.join(args.out, "%s-arxiv.xml" % day), "w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
                      "  <title>arXiv papers of %s</title>\n  <id>urn:quire:corpus:%s</id>\n"
                      "  <updated>%sT00:00:00Z</updated>\n" % (day, day, day))
            out.write("".join(entries))
            out.write("</feed>\n")
    print("wrote %d papers in %d exports to %s" % (papers, len(files), args.out))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", nargs="?", help="a built site's output folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--partners", type=int, default=20)
    parser.add_argument("--atom-from-jsonl", metavar="DIR")
    parser.add_argument("out", nargs="?", help="with --atom-from-jsonl: the folder to write")
    parser.add_argument("--days", type=int, default=0, help="with --atom-from-jsonl: only the last N files")
    args = parser.parse_args()
    if args.atom_from_jsonl:
        args.out = args.out or args.output
        if not args.out:
            parser.error("--atom-from-jsonl needs an output folder")
        atom_from_jsonl(args)
    elif args.output:
        measure(args)
    else:
        parser.error("give a built site's output folder")


if __name__ == "__main__":
    main()
