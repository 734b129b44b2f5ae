"""What changed between the charter version a person accepted and the current one, as HTML
they can read before accepting again.

Paragraphs (lines) are compared first, with the standard library's ``difflib``; a paragraph
that changed is then compared word by word. Removed text is in ``<del>``, added text in
``<ins>``: struck through and underlined (not only coloured), and each carries words for screen
readers, which do not announce these elements. Every piece of the charters' text is escaped."""

import difflib
import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Words, runs of spaces, and each punctuation mark on its own: a changed comma is shown alone.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
# Beyond this many words in a changed passage, it is shown removed then added as a whole
# (difflib's matching grows with the square of the length).
MAX_WORDS = 4000


def _removed(text: str) -> SafeString:
    return format_html(
        '<del><span class="sr-only">[{} </span>{}<span class="sr-only">]</span></del>',
        _("retiré :"),
        text,
    )


def _added(text: str) -> SafeString:
    return format_html(
        '<ins><span class="sr-only">[{} </span>{}<span class="sr-only">]</span></ins>',
        _("ajouté :"),
        text,
    )


def _words_compared(old: str, new: str) -> SafeString:
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    if len(old_tokens) + len(new_tokens) > MAX_WORDS:
        return mark_safe(_removed(old) + _added(new))
    parts = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for operation, old_from, old_to, new_from, new_to in matcher.get_opcodes():
        before, after = "".join(old_tokens[old_from:old_to]), "".join(new_tokens[new_from:new_to])
        if operation == "equal":
            parts.append(escape(after))
        else:
            if before:
                parts.append(_removed(before))
            if after:
                parts.append(_added(after))
    return mark_safe("".join(parts))


def charter_changes(old: str, new: str) -> list[dict]:
    """The passages that differ between two charter texts, in the order of the new text:
    ``{"kind": "changed" | "added" | "removed", "html": SafeString}``. Empty when the texts
    are the same."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    changes = []
    for operation, old_from, old_to, new_from, new_to in matcher.get_opcodes():
        before = "\n".join(old_lines[old_from:old_to]).strip()
        after = "\n".join(new_lines[new_from:new_to]).strip()
        if operation == "equal" or before == after:
            continue
        if not before:
            changes.append({"kind": "added", "html": _added(after)})
        elif not after:
            changes.append({"kind": "removed", "html": _removed(before)})
        else:
            changes.append({"kind": "changed", "html": _words_compared(before, after)})
    return changes
