"""The node as an ActivityPub actor that Mastodon, Mobilizon and other Fediverse software follow.

`Fediverse` (service) runs it; `routes.setup` adds its HTTP routes to the node's application.
"""

from __future__ import annotations

from .service import Fediverse

__all__ = ["Fediverse"]
