"""Standard feeds derived from the view: iCalendar, Atom, GeoJSON, CSV and ActivityStreams.

Each format module is a pure function from view rows (`rows.py`) to bytes; the HTTP routes in
`node/http/feeds.py` read the rows on a store reader thread and render off the event loop.
"""
