"""htmx: whether a request comes from it, for a view that serves a whole page and its fragment."""


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"
