#!/usr/bin/env python3
"""Fails when a library includes a header of a layer above it.

Reads every `#include "FOLDER/..."` of the C++ sources (.h, .cc, .in) of each
library folder, and every meute_* target named by the meute_library(),
meute_test(), meute_benchmark() and target_link_libraries() calls of its
CMakeLists.txt, and checks them against the layers of ARCHITECTURE.md:

  base < ingest < {index, corpora} < recommend < feedback < digest < nightly < tools

A folder may include its own headers and those of lower layers, never those
of its own layer (siblings) or of a higher one; in addition recommend/ and
digest/ never include index/ (the recommender takes plain term vectors, so it
builds and tests without Xapian), and no folder includes another folder's
internal/ headers. tools/ and tests/ may include anything.

The order is written twice, here and in ARCHITECTURE.md; the check fails if
the two disagree, so that neither drifts.

Usage: check_layering.py [--source DIR]   (default: the repository root)
Prints one line per violation, FILE:LINE: message, and exits 1 if any.
"""

import argparse
import pathlib
import re
import sys

# Rank of each library folder, lowest first. Folders of one rank are siblings.
LAYERS = [
    ["base"],
    ["ingest"],
    ["index", "corpora"],
    ["recommend"],
    ["feedback"],
    ["digest"],
    ["nightly"],
]
# Pairs (folder, included folder) that the ranks would allow but the design
# forbids.
FORBIDDEN = {("recommend", "index"), ("feedback", "index"), ("digest", "index")}
# Folders that may include any layer.
TOP = {"tools", "tests"}
# The line of ARCHITECTURE.md that states the order.
DOC_LINE = "Layers, lowest first: " + " < ".join(
    l[0] if len(l) == 1 else "{" + ", ".join(l) + "}" for l in LAYERS + [["tools"]])

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
CMAKE_CALL = re.compile(
    r"\b(meute_library|meute_test|meute_benchmark|target_link_libraries)\s*\(([^)]*)\)")
TARGET = re.compile(r"\bmeute_[a-z0-9_]+\b")
SUFFIXES = {".h", ".cc", ".in"}


def rank_of():
    ranks = {}
    for rank, folders in enumerate(LAYERS):
        for folder in folders:
            ranks[folder] = rank
    return ranks


def rule_broken(folder, target, ranks):
    """Why `folder` may not depend on folder `target`, or None if it may."""
    if target == folder or target not in ranks:
        return None
    if ranks[target] > ranks[folder]:
        return "a layer above it"
    if ranks[target] == ranks[folder]:
        return "a sibling layer"
    if (folder, target) in FORBIDDEN:
        return "which ARCHITECTURE.md forbids"
    return None


def cmake_calls(root, folder):
    """(line, target) for each meute_* target named in FOLDER/CMakeLists.txt."""
    path = root / folder / "CMakeLists.txt"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"#[^\n]*", lambda m: " " * len(m.group(0)), text)  # Comments.
    for m in CMAKE_CALL.finditer(text):
        for t in TARGET.finditer(m.group(2)):
            yield text.count("\n", 0, m.start(2) + t.start()) + 1, t.group(0)


def target_folders(root, ranks):
    """Folder of each meute_* target that the library folders define."""
    folders = {}
    for folder in ranks:
        path = root / folder / "CMakeLists.txt"
        if path.is_file():
            for m in re.finditer(r"\b(?:meute_library|meute_test|meute_benchmark)\s*\(\s*"
                                 r"(meute_[a-z0-9_]+)", path.read_text(encoding="utf-8")):
                folders[m.group(1)] = folder
    return folders


def check_cmake(root, folder, ranks, folders):
    problems = []
    for line, target in cmake_calls(root, folder):
        owner = folders.get(target)
        why = rule_broken(folder, owner, ranks) if owner else None
        if why:
            problems.append(f"{folder}/CMakeLists.txt:{line}: {folder}/ links {target} "
                            f"of {owner}/, {why}")
    return problems


def check_file(path, folder, ranks, root):
    problems = []
    rel = path.relative_to(root)
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            header = m.group(1)
            target = header.split("/", 1)[0] if "/" in header else None
            if target is None or target == folder:
                continue
            where = f"{rel}:{number}"
            if target in TOP:
                problems.append(f"{where}: {folder}/ includes \"{header}\" of {target}/, "
                                f"which only tools/ and tests/ may")
            elif target not in ranks:
                continue  # Third-party headers included with quotes (absl/, gmock/, ...).
            elif why := rule_broken(folder, target, ranks):
                problems.append(f"{where}: {folder}/ includes \"{header}\" of {target}/, {why}")
            elif "/internal/" in header:
                problems.append(f"{where}: {folder}/ includes \"{header}\", private to {target}/")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    root = args.source.resolve()
    problems = []

    architecture = root / "ARCHITECTURE.md"
    if DOC_LINE not in architecture.read_text(encoding="utf-8"):
        problems.append(f"{architecture.relative_to(root)}: no line \"{DOC_LINE}\": "
                        f"the layers there and in {pathlib.Path(__file__).name} disagree")

    ranks = rank_of()
    folders = target_folders(root, ranks)
    files = 0
    for folder in sorted(ranks):
        problems.extend(check_cmake(root, folder, ranks, folders))
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                files += 1
                problems.extend(check_file(path, folder, ranks, root))
    for problem in problems:
        print(problem)
    if files == 0:
        print(f"{root}: no sources found")
        return 1
    print(f"layering: {files} files, {len(folders)} targets, {len(problems)} violations")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
