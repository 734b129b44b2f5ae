"""Rich text written by agents (a consultation's context) is sanitised with nh3 when saved:
only a small set of formatting tags and safe links survive, so no script can ever run."""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h2", "h3",
                "blockquote", "q", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def sanitise(html: str) -> str:
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
