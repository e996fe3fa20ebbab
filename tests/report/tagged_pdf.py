"""A structural check of a tagged PDF (PDF/UA), with pikepdf.

veraPDF, the reference validator, is Java and is on none of the registries this project installs
from, so the test checks what a screen reader relies on directly in the PDF's objects: a structure
tree, MarkInfo Marked, the document's language and title (shown as the window title), headings
H1-H6 that never skip a level, tables whose header cells are TH, and alternative text on every
Figure.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def structure(path: Path) -> dict:
    """What the check needs from the PDF: catalogue entries and the structure elements in order."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        root = pdf.Root
        info = {
            "struct_tree": "/StructTreeRoot" in root,
            "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            "lang": str(root.get("/Lang", "")),
            "title": str(pdf.docinfo.get("/Title", "")),
            "display_title": bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)),
            "pages": len(pdf.pages),
        }
        elements: list[tuple[str, dict]] = []
        if info["struct_tree"]:
            _walk(root.StructTreeRoot, elements, set())
        info["elements"] = elements
    return info


def _walk(node, out: list, seen: set) -> None:
    import pikepdf

    if isinstance(node, pikepdf.Array):
        for child in node:
            _walk(child, out, seen)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    key = node.objgen
    if key != (0, 0):
        if key in seen:
            return
        seen.add(key)
    tag = str(node.get("/S", "")).lstrip("/")
    if tag:
        out.append((tag, {"alt": str(node.get("/Alt", "")), "kids": _kid_tags(node)}))
    kids = node.get("/K")
    if kids is not None:
        _walk(kids, out, seen)


def _kid_tags(node) -> list[str]:
    import pikepdf

    kids = node.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return [str(k.get("/S", "")).lstrip("/") for k in items if isinstance(k, pikepdf.Dictionary)]


def problems(path: Path) -> list[str]:
    """Every way the PDF falls short of the structural check (empty when it passes)."""
    info = structure(path)
    found = []
    if not info["struct_tree"]:
        return ["no structure tree: the PDF is not tagged"]
    if not info["marked"]:
        found.append("MarkInfo /Marked is not true")
    if not info["lang"]:
        found.append("no /Lang on the document")
    if not info["title"] or not info["display_title"]:
        found.append("no document title shown as the window title")
    tags = [tag for tag, _ in info["elements"]]
    levels = [int(t[1]) for t in tags if len(t) == 2 and t[0] == "H" and t[1].isdigit()]
    if not levels or levels[0] != 1:
        found.append(f"the first heading is not H1 (headings: {levels[:5]})")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            found.append(f"a heading skips from H{before} to H{after}")
            break
    counts = Counter(tags)
    if counts["Table"] and not counts["TH"]:
        found.append("tables without header cells (TH)")
    for tag, data in info["elements"]:
        if tag == "Figure" and not data["alt"].strip():
            found.append("a Figure without alternative text")
            break
        if tag == "TR" and data["kids"] and not any(k in ("TH", "TD") for k in data["kids"]):
            found.append("a table row without cells")
            break
    return found
