"""A readable comparison of two plan versions, section by section, word by word."""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

# A word with the space after it, so rejoined pieces keep the author's spacing and lines.
TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass
class Piece:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class SectionChange:
    title: str
    kind: str  # "added", "removed", "changed" or "unchanged"
    pieces: list = field(default_factory=list)
    words_added: int = 0
    words_removed: int = 0

    @property
    def label(self):
        if self.kind == "changed":
            return (
                f"Changed: {self.words_added} {plural(self.words_added, 'word')} added, "
                f"{self.words_removed} {plural(self.words_removed, 'word')} removed"
            )
        return {
            "added": "New section",
            "removed": "Section removed",
            "unchanged": "No change",
        }[self.kind]


def plural(count, word):
    return word if count == 1 else f"{word}s"


def diff_text(old, new):
    """The pieces that turn `old` into `new`: kept, added and removed runs of words."""
    old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
    # Compare the words alone, so a changed line break is not reported as a changed word.
    matcher = SequenceMatcher(
        None,
        [token.strip() for token in old_tokens],
        [token.strip() for token in new_tokens],
        autojunk=False,
    )
    pieces = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(pieces, "same", new_tokens[j1:j2])
            continue
        if op in ("delete", "replace"):
            _append(pieces, "removed", old_tokens[i1:i2])
        if op in ("insert", "replace"):
            _append(pieces, "added", new_tokens[j1:j2])
    return pieces


def _append(pieces, kind, tokens):
    text = "".join(tokens)
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1].text += text
    else:
        pieces.append(Piece(kind, text))


def count_words(pieces, kind):
    return sum(len(piece.text.split()) for piece in pieces if piece.kind == kind)


def compare_sections(old_sections, new_sections):
    """SectionChange for every section in either version, in the plan's section order.

    Each argument is an iterable of PlanSection with `template` loaded.
    """
    old = {section.template_id: section for section in old_sections}
    new = {section.template_id: section for section in new_sections}
    templates = {
        section.template_id: section.template for section in [*old.values(), *new.values()]
    }
    changes = []
    for template in sorted(templates.values(), key=lambda t: (t.order, t.title)):
        before = old[template.pk].body if template.pk in old else None
        after = new[template.pk].body if template.pk in new else None
        if before is None or (not before.strip() and after and after.strip()):
            kind, pieces = "added", [Piece("added", after or "")]
        elif after is None or (not after.strip() and before.strip()):
            kind, pieces = "removed", [Piece("removed", before)]
        elif before == after:
            kind, pieces = "unchanged", [Piece("same", after)]
        else:
            pieces = diff_text(before, after)
            changed = any(piece.kind != "same" for piece in pieces)
            kind = "changed" if changed else "unchanged"
        changes.append(
            SectionChange(
                title=template.title,
                kind=kind,
                pieces=pieces,
                words_added=count_words(pieces, "added"),
                words_removed=count_words(pieces, "removed"),
            )
        )
    return changes
