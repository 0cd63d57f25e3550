"""Read a rendered HTML form's current values, as a browser would submit them."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = form_id is None
        self.values = {}
        self._select = None
        self._select_first = None
        self._option = None
        self._textarea = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.in_form = a.get("id") == self.form_id
            return
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.values[name] = a.get("value") or "on"
                return
            self.values[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select, self._select_first = name, None
            self._multiple = "multiple" in a
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._option = value
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and self._multiple:
                self.values.setdefault(self._select, []).append(value)
            elif "selected" in a:
                self.values[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "form" and self.form_id is not None:
            self.in_form = False
        elif tag == "select" and self._select:
            if not self._multiple:
                self.values.setdefault(self._select, self._select_first or "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += (
                data.removeprefix("\n") if not self.values[self._textarea] else data
            )


def form_values(html, form_id=None):
    """{name: value} of the form with id `form_id` (or every field in the page)."""
    reader = _FormReader(form_id)
    reader.feed(html if isinstance(html, str) else html.decode("utf-8"))
    return reader.values
